/**
 * Table tests of captured-page chrome, on captures written for these tests in the shapes platforms print
 * (chrome glued to the post as text copied from a rendered page is).
 */
import { describe, expect, it } from 'vitest';
import { cleanCapture, postDate } from './capture.js';
import { extractDocument } from '../pipeline.js';

/** The words left once chrome is blanked, spaces collapsed. */
const words = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Row {
  name: string;
  text: string;
  /** what must be left of the report */
  keeps: string[];
  /** chrome that must be gone from the analysis text */
  drops: string[];
  status?: 'report' | 'no-report';
  reason?: string;
  posted?: string | null;
  /** text that must be inside a comment span */
  comment?: string;
}

const rows: Row[] = [
  {
    name: 'Facebook post: header, author glued to the date, reactions and comments',
    text:
      'Valley Monitor - Shelling hit the market of Kafr Test...\nFacebookValley Monitor\u200e\'s Post\n\n' +
      'Valley MonitorMarch 3, 2024 · Shared with PublicShelling hit the market of Kafr Test this morning, two civilians were wounded.' +
      'All reactions:124 comments2 sharesLikeCommentMost relevantSami Example God protect them2yNour Example Terrible news2y',
    keeps: ['Shelling hit the market of Kafr Test this morning, two civilians were wounded.'],
    drops: ['Shared with Public', 'Valley Monitor', "'s Post", 'All reactions', 'LikeComment', 'God protect them'],
    posted: '2024-03-03',
    comment: 'God protect them',
  },
  {
    name: 'Facebook page with a verified badge and an Arabic post',
    text: 'شبكة المثال الإخبارية Verified accountJune 9, 2023 · Shared with Publicقصف مدفعي على قرية المثال صباح اليوم.All reactions:9LikeComment',
    keeps: ['قصف مدفعي على قرية المثال صباح اليوم.'],
    drops: ['شبكة المثال الإخبارية', 'Verified account', 'Shared with Public', 'LikeComment'],
    posted: '2023-06-09',
  },
  {
    name: 'X post: login banner, author and handle, timestamp glued to views, then a reply',
    text: 'PostLog inSign upPostExample Desk@exdesk_01Drone strike on a car near Test Town, one killed.9:41 PM · Aug 14, 20233.2KViews1245Other Person@someone_xAug 14terrible',
    keeps: ['Drone strike on a car near Test Town, one killed.'],
    drops: ['Log in', 'Example Desk', '@exdesk_01', 'Views', 'terrible'],
    posted: '2023-08-14',
    comment: 'terrible',
  },
  {
    name: 'X post in the older layout: counters and "Loading" lines are chrome',
    text: 'Copy link to Tweet\n\nEmbed Tweet\n\nاستهداف سيارة بطائرة مسيرة على طريق المثال.\n\n1 reply\n\n0 retweets\n\nLike\n\nBack to top ↑\n\nLoading seems to be taking a while.',
    keeps: ['استهداف سيارة بطائرة مسيرة على طريق المثال.'],
    drops: ['Copy link', 'Embed Tweet', 'retweets', 'Back to top', 'Loading'],
    posted: null,
  },
  {
    name: 'Telegram widget: channel chrome, views and the post time',
    text: 'Telegram Widget\n\nExample Channel\n\nArtillery shelled the outskirts of Test Village.\n\nt.me/example/123\n\n4.1K viewsMay 2, 2022 at 18:03',
    keeps: ['Artillery shelled the outskirts of Test Village.'],
    drops: ['Telegram Widget', 'views'],
    posted: '2022-05-02',
  },
  {
    name: 'a deleted Facebook post: no report',
    text: "Someone\u200e's Post\n\nSomeoneMay 2, 2025 · Shared with PublicThis content isn't available right nowWhen this happens, it's usually because the owner only shared it with a small group of people, changed who can see it or it's been deleted.All reactions:12LikeComment",
    keeps: [],
    drops: ["isn't available"],
    status: 'no-report',
    reason: 'unavailable',
    posted: '2025-05-02',
  },
  {
    name: 'a short post over an unavailable shared item is still a report',
    text: "ExampleNovember 2, 2024 · Shared with PublicAirstrike on the Test quarter of Aleppo.This content isn't available right nowAll reactions:3LikeComment",
    keeps: ['Airstrike on the Test quarter of Aleppo.'],
    drops: ["isn't available"],
    status: 'report',
  },
  {
    name: 'an Instagram login wall: no report',
    text: 'CloseNever miss a post from example.tvSign up for Instagram to stay in the loop.Sign upLog inAge-restricted contentThis content is age-restricted based on your age or account settings. Log in to continue.Log inSign up',
    keeps: [],
    drops: ['Instagram'],
    status: 'no-report',
  },
  {
    name: 'Arabic news page: share row, related-articles list and comments',
    text:
      'قصف صاروخي على بلدة المثال\n\nقتل مدنيان وأصيب ثلاثة آخرون بقصف صاروخي استهدف بلدة المثال صباح اليوم، بحسب مصادر محلية تحدثت إلى مراسلنا في المنطقة.\n\n' +
      'شارك هذا الموضوع:\n\nطباعة\n\nمقالات ذات صلة\n\nافتتاح مدرسة جديدة في المدينة\n\nارتفاع أسعار الخبز في الأسواق\n\nالتعليقات\n\nعلي: حسبنا الله\n\nسامي: رحمهم الله',
    keeps: ['قتل مدنيان وأصيب ثلاثة آخرون بقصف صاروخي استهدف بلدة المثال صباح اليوم'],
    drops: ['شارك هذا الموضوع', 'طباعة', 'مقالات ذات صلة', 'افتتاح مدرسة', 'ارتفاع أسعار', 'رحمهم الله'],
    comment: 'رحمهم الله',
  },
  {
    name: 'a post embedded in an article: its signature is its timestamp',
    text: 'Local sources said the strike hit a farm.\n\nقصف مدفعي على أطراف قرية المثال pic.twitter.com/abc123 — Example Network (@example_net) September 7, 2021\n\nThe army did not comment.',
    keeps: ['Local sources said the strike hit a farm.', 'قصف مدفعي على أطراف قرية المثال', 'The army did not comment.'],
    drops: ['@example_net', 'September 7, 2021'],
    posted: null,
  },
  {
    name: 'a page title that is a truncated copy of the post is read once',
    text: 'سبعة شهداء من المدنيين بعد غارات جوية على محيط قرية المثال...\n\nسبعة شهداء من المدنيين بعد غارات جوية على محيط قرية المثال بريف إدلب.\n#إدلب',
    keeps: ['سبعة شهداء من المدنيين بعد غارات جوية على محيط قرية المثال بريف إدلب.'],
    drops: ['المثال...'],
  },
  {
    name: 'a plain report is left alone, interface words in prose included',
    text: 'Two civilians were killed when shells hit the village of Test on 3 March 2021. More reports followed; a verified account of the attack gives more options to investigators than AI content does.',
    keeps: ['Two civilians were killed when shells hit the village of Test on 3 March 2021. More reports followed; a verified account of the attack gives more options to investigators than AI content does.'],
    drops: [],
  },
];

describe('captured-page chrome', () => {
  for (const row of rows) {
    it(row.name, () => {
      const r = cleanCapture(row.text);
      expect(r.text.length).toBe(row.text.length);
      // every character left is the capture's own character at the same offset
      for (let i = 0; i < r.text.length; i++) if (r.text[i] !== ' ' && r.text[i] !== '\n') expect(r.text[i]).toBe(row.text[i]);
      const left = words(r.text);
      for (const k of row.keeps) expect(left).toContain(k);
      for (const d of row.drops) expect(left).not.toContain(d);
      if (row.status) expect(r.capture?.status).toBe(row.status);
      if (row.reason) expect(r.capture?.reason).toBe(row.reason);
      if (row.posted !== undefined) expect(postDate(r.capture)?.date ?? null).toBe(row.posted);
      if (row.comment) expect(r.capture!.comments.some((c) => row.text.slice(c.start, c.end).includes(row.comment!))).toBe(true);
    });
  }
});

describe('a capture with no report in the pipeline', () => {
  it('is recorded with VIGIL_ERR_NO_REPORT and yields no event', () => {
    const r = extractDocument({ id: 'wall', source: "PostThis Post is unavailable. Learn more\nLog in\nSign up" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.capture?.status).toBe('no-report');
    expect(r.doc.events).toEqual([]);
    expect(r.doc.warnings.some((w) => w.startsWith('VIGIL_ERR_NO_REPORT'))).toBe(true);
  });
  it('evidence of an event in a cleaned capture points into the capture', () => {
    const source = 'PostLog inSign upPostExample Desk@exdesk_01Russian warplanes bombed the village of Kafr Nabl, killing 4 civilians.9:41 PM · Aug 14, 20233.2KViews';
    const r = extractDocument({ id: 'x', source });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const e = r.doc.events[0];
    expect(e).toBeDefined();
    const spans = Object.values(e!.evidence).flat();
    expect(spans.length).toBeGreaterThan(0);
    for (const ev of spans) expect(source.slice(ev.start, ev.end)).toBe(ev.text);
  });
});
