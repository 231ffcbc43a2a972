// The dashboard end to end in Debian's headless Chromium (playwright-core, no downloaded browser):
// enter the key, upload a folder, start a parse job, watch it finish in the jobs table, open results
// page by page (each page's image with its tables and headings outlined where their bbox says, beside
// its markdown), then a classify job over the same directory and its classification, an extract job and
// its fields, then one file parsed on its own (a standalone parse job: its details, its pages rendered by the server, a failed
// one, the recent list); saves a screenshot.
// Env: BATCH_URL, BATCH_API_KEY, FOLDER (files to upload: note.txt, paper.pdf, filing.pdf), SCREENSHOT.
import { chromium } from "playwright-core";

const base = process.env.BATCH_URL;
const key = process.env.BATCH_API_KEY;
const folder = process.env.FOLDER;
const screenshot = process.env.SCREENSHOT || "dashboard.png";
const step = (s) => console.log("step: " + s);
const OUTLINED = ["table", "heading"];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const problems = [];
let page;
try {
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  let refusalExpected = false; // Chromium logs the 422 a step provokes on purpose
  page.on("console", (m) => {
    if (m.type() === "error" && !(refusalExpected && /status of 422/.test(m.text()))) problems.push("console: " + m.text());
  });

  // The API as the test reads it, to hold the page against the result it shows.
  const apiJson = async (path) => {
    const r = await page.request.get(base + path, { headers: { Authorization: "Bearer " + key } });
    if (!r.ok()) throw new Error(path + " answered " + r.status());
    return r.json();
  };

  // The page view `view` shows page `number` of parse job `parseJob`: that page's markdown, its image
  // loaded in the page's shape, and one outline per box of each table and heading, where the box
  // (points from the page's top-left) scaled to the image is. The number of outlines.
  const checkPage = async (view, parseJob, number) => {
    const result = await apiJson("/api/v2/parse/" + encodeURIComponent(parseJob) + "?expand=items");
    const want = result.items.pages.find((p) => p.page_number === number);
    if (!want) throw new Error("the result has no page " + number);
    await view.locator(".page-select option:checked", { hasText: new RegExp("^" + number + "$") }).waitFor({ state: "attached" });
    const image = view.locator(".page-image");
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 100, await image.elementHandle());
    const img = await image.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height, nw: el.naturalWidth, nh: el.naturalHeight, src: el.src };
    });
    const shape = want.page_width / want.page_height;
    if (Math.abs(img.nw / img.nh - shape) > 0.01 || Math.abs(img.w / img.h - shape) > 0.01)
      throw new Error(`page ${number}: the image (${img.nw}x${img.nh}, shown ${img.w}x${img.h}) is not in the page's shape ${shape}`);
    const expected = [];
    want.items.forEach((item, i) => {
      if (OUTLINED.includes(item.type) && Array.isArray(item.bbox)) for (const b of item.bbox) expected.push({ i, type: item.type, b });
    });
    const drawn = await view.locator(".page-outlines .outline").evaluateAll((els) => els.map((el) => {
      const r = el.getBoundingClientRect();
      return { i: Number(el.dataset.item), cls: el.className, colour: getComputedStyle(el).borderTopColor, x: r.x, y: r.y, w: r.width, h: r.height };
    }));
    const legend = {};
    for (const type of OUTLINED)
      legend[type] = await view.locator(`.page-legend [data-type=${type}] .swatch`).evaluate((el) => getComputedStyle(el).borderTopColor);
    if (legend.table === legend.heading) throw new Error("tables and headings share a colour: " + legend.table);
    if (drawn.length !== expected.length)
      throw new Error(`page ${number}: ${drawn.length} outlines for ${expected.length} table and heading boxes`);
    const sx = img.w / want.page_width;
    const sy = img.h / want.page_height;
    expected.forEach((e, k) => {
      const d = drawn[k];
      const at = { x: img.x + e.b.x * sx, y: img.y + e.b.y * sy, w: e.b.w * sx, h: e.b.h * sy };
      const off = Math.max(Math.abs(d.x - at.x), Math.abs(d.y - at.y), Math.abs(d.w - at.w), Math.abs(d.h - at.h));
      if (d.i !== e.i || !d.cls.split(" ").includes("outline-" + e.type) || d.colour !== legend[e.type] || off > 1)
        throw new Error(`page ${number}: outline ${k} ${JSON.stringify(d)} is not item ${e.i}'s ${e.type} box at ${JSON.stringify(at)}`);
    });
    for (const type of OUTLINED) {
      const n = want.items.filter((item) => item.type === type && Array.isArray(item.bbox)).length;
      const legend = await view.locator(`.page-legend [data-type=${type}] .count`).innerText();
      if (!legend.startsWith(n + " ")) throw new Error(`page ${number}: the legend says "${legend}" of ${n} ${type}s`);
    }
    // The markdown beside it is this page's: its first words of text are there.
    const first = want.items.find((item) => (item.type === "text" || item.type === "heading") && /\w{3}/.test(item.value));
    const words = first ? first.value.split(/\s+/).filter((w) => /^[A-Za-z]{3,}$/.test(w)).slice(0, 3) : [];
    const shown = await view.locator(".page-markdown").innerText();
    for (const w of words) if (!shown.includes(w)) throw new Error(`page ${number}: the markdown lacks "${w}" of "${first.value}"`);
    return { outlines: expected.length, src: img.src };
  };

  step("open the dashboard and enter the key");
  await page.goto(base + "/");
  await page.getByLabel("API key", { exact: true }).fill(key);
  await page.getByRole("button", { name: "Use key" }).click();
  await page.getByText("Key saved in this browser.").waitFor();

  step("upload a folder");
  await page.getByLabel("Upload a folder").setInputFiles(folder);
  await page.getByRole("button", { name: "Upload folder" }).click();
  await page.getByText(/Uploaded \d+ files to directory/).waitFor({ timeout: 60000 });

  step("start a parse job that saves page screenshots of the first four pages, and watch it finish");
  await page.getByLabel("Parse parameters (JSON)").fill('{"do_not_cache": true, "images_to_save": ["screenshot"], "target_pages": "0-3"}');
  await page.getByRole("button", { name: "Start job" }).click();
  await page.getByText(/Started parse job bjb-/).waitFor();
  const jobId = (await page.locator("#status").textContent()).match(/bjb-[0-9a-f-]+/)[0];
  const row = page.locator(`#jobs tr[data-job="${jobId}"]`);
  await row.locator("td.status-completed").waitFor({ timeout: 120000 });
  const progress = row.locator("progress");
  if ((await progress.getAttribute("value")) !== (await progress.getAttribute("max"))) throw new Error("the progress bar is not full");

  step("open the job and a result");
  await page.getByRole("button", { name: "Open job " + jobId }).click();
  await page.locator("#job-summary", { hasText: "completed" }).waitFor();
  await page.getByRole("button", { name: "View the result of note.txt" }).click();
  await page.locator("#markdown", { hasText: "The delivery is due on the first of March" }).waitFor({ timeout: 30000 });
  await page.getByRole("button", { name: "View the result of paper.pdf" }).click();
  await page.locator("#result-title", { hasText: "paper.pdf" }).waitFor();
  await page.locator("#markdown > *").first().waitFor({ timeout: 30000 }); // the view empties, then fills when the result is read
  const rendered = await page.locator("#markdown").innerHTML();
  if (!/<(p|h\d|table|ul)>/.test(rendered)) throw new Error("the markdown was not rendered: " + rendered.slice(0, 200));

  step("page through the filing: each page's screenshot with its tables and headings outlined");
  const jobItems = await apiJson("/api/v1/beta/batch-processing/" + jobId + "/items");
  const filingJob = jobItems.items.find((i) => i.item_name === "filing.pdf").job_id;
  await page.getByRole("button", { name: "View the result of filing.pdf" }).click();
  await page.locator("#result-title", { hasText: "filing.pdf" }).waitFor();
  const resultView = page.locator("#result-page-view");
  const pager = page.getByRole("navigation", { name: "Pages of the result" });
  let outlines = 0;
  for (const number of [1, 2, 3, 4]) {
    if (number > 1) await pager.getByRole("button", { name: "Next page" }).click();
    const shown = await checkPage(resultView, filingJob, number);
    if (!/\/images\/page_\d+\.png\?/.test(shown.src)) throw new Error("not the saved screenshot: " + shown.src);
    outlines += shown.outlines;
  }
  if (outlines === 0) throw new Error("four pages of a 10-Q filing without one table or heading outlined");
  if (!(await pager.getByRole("button", { name: "Next page" }).isDisabled())) throw new Error("a next page after the last");
  await pager.getByLabel("Page", { exact: true }).selectOption({ label: "2" });
  await checkPage(resultView, filingJob, 2);

  step("classify the same directory");
  await page.getByLabel("Classify").check();
  await page.getByRole("button", { name: "Start job" }).click();
  await page.getByText(/Started classify job bjb-/).waitFor();
  const classifyId = (await page.locator("#status").textContent()).match(/bjb-[0-9a-f-]+/)[0];
  await page.locator(`#jobs tr[data-job="${classifyId}"] td.status-completed`).waitFor({ timeout: 120000 });
  await page.getByRole("button", { name: "Open job " + classifyId }).click();
  await page.locator("#job-summary", { hasText: "completed" }).waitFor();
  await page.getByRole("button", { name: "View the result of paper.pdf" }).click();
  await page.locator("#class-type", { hasText: "paper" }).waitFor({ timeout: 30000 });

  step("extract fields from the same directory");
  await page.getByLabel("Extract", { exact: true }).check();
  await page.getByLabel("Data schema (JSON Schema of the fields to extract)").fill(
    '{"pallets": {"type": "integer", "description": "how many pallets are delivered"}}');
  await page.getByRole("button", { name: "Start job" }).click();
  await page.getByText(/Started extract job bjb-/).waitFor();
  const extractId = (await page.locator("#status").textContent()).match(/bjb-[0-9a-f-]+/)[0];
  await page.locator(`#jobs tr[data-job="${extractId}"] td.status-completed`).waitFor({ timeout: 120000 });
  await page.getByRole("button", { name: "Open job " + extractId }).click();
  await page.locator("#job-summary", { hasText: "completed" }).waitFor();
  await page.getByRole("button", { name: "View the result of note.txt" }).click();
  const pallets = page.getByRole("table", { name: "Extracted fields" }).getByRole("row", { name: /pallets/ });
  await pallets.getByRole("cell", { name: "4", exact: true }).waitFor({ timeout: 30000 });
  await pallets.getByText(/^page 1: /).waitFor();

  step("parse one file on its own: a tier the built-in engine stands in for, pages 1-2");
  await page.getByLabel("File to parse").setInputFiles(folder + "/paper.pdf");
  await page.getByLabel("Tier").selectOption("agentic");
  await page.getByLabel("Pages", { exact: true }).fill("0-2");
  refusalExpected = true;
  await page.getByRole("button", { name: "Parse file" }).click();
  await page.locator("#parse-status.error", { hasText: "page_ranges.target_pages" }).waitFor(); // pages count from 1
  await page.getByLabel("Pages", { exact: true }).fill("1-2");
  await page.getByRole("button", { name: "Parse file" }).click();
  await page.getByRole("status").filter({ hasText: "Parse of paper.pdf: COMPLETED." }).waitFor({ timeout: 120000 });
  refusalExpected = false;
  const parsed = page.getByRole("region", { name: "Parse of paper.pdf" });
  await parsed.getByText("built-in (PDFBox, Apache Tika, Tesseract OCR)").waitFor();
  await parsed.getByText("tier 'agentic' ran the built-in engine", { exact: false }).waitFor();
  const details = await parsed.locator("#parse-details").innerText();
  for (const want of [/Tier\s+fast/, /Requested tier\s+agentic/, /Pages parsed\s+2 of 7\b/])
    if (!want.test(details)) throw new Error("the parse job's details lack " + want + ":\n" + details);
  const parsedMarkdown = page.getByLabel("The parsed markdown");
  await parsedMarkdown.getByText("Local heating due to convective", { exact: false }).first().waitFor();
  if (!/<(h\d|p)>/.test(await parsedMarkdown.innerHTML())) throw new Error("the parsed markdown was not rendered");

  step("its pages, rendered by the server (the job saved no screenshots), headings outlined");
  const parseJobId = (await apiJson("/api/v2/parse?page_size=1")).items[0].id;
  const parseView = page.locator("#parse-page-view");
  const firstPage = await checkPage(parseView, parseJobId, 1);
  if (!firstPage.src.startsWith("blob:")) throw new Error("page 1 is not the page rendered by the server: " + firstPage.src);
  if (firstPage.outlines === 0) throw new Error("no heading outlined on the first page of a paper");
  await page.getByRole("navigation", { name: "Pages of the parsed file" }).getByRole("button", { name: "Next page" }).click();
  await checkPage(parseView, parseJobId, 2);

  step("a file the parser cannot read: FAILED with its error");
  await page.getByLabel("File to parse").setInputFiles({ name: "broken.pdf", mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\nthis is not a PDF at all\n") });
  await page.getByLabel("Tier").selectOption("fast");
  await page.getByLabel("Pages", { exact: true }).fill("");
  await page.getByRole("button", { name: "Parse file" }).click();
  await page.getByRole("status").filter({ hasText: "Parse of broken.pdf: FAILED." }).waitFor({ timeout: 120000 });
  await page.locator("#parse-error", { hasText: /^Error: \S/ }).waitFor();
  if (await parseView.isVisible()) throw new Error("a failed parse job shows pages");

  step("the recent parse jobs list both; clicking one shows it again");
  const recent = page.locator("#parse-jobs tbody tr");
  await page.locator("#parse-jobs td.status-failed").waitFor();
  if ((await recent.count()) !== 2) throw new Error("expected 2 recent parse jobs, got " + (await recent.count()));
  if (!/broken\.pdf/.test(await recent.first().innerText())) throw new Error("the newest parse job is not listed first");
  await recent.nth(1).getByRole("button", { name: /^Show the parse of paper\.pdf/ }).click();
  await parsedMarkdown.getByText("Local heating due to convective", { exact: false }).first().waitFor();
  if (await page.locator("#parse-error").isVisible()) throw new Error("a completed parse job shows an error");

  step("screenshot");
  await page.getByRole("button", { name: "Open job " + jobId }).click();
  await page.locator("#job-title", { hasText: jobId }).waitFor(); // not the classify job shown before
  await page.getByRole("button", { name: "View the result of filing.pdf" }).click();
  await page.locator("#result-title", { hasText: "filing.pdf" }).waitFor();
  await pager.getByLabel("Page", { exact: true }).selectOption({ label: "3" });
  await checkPage(resultView, filingJob, 3);
  await page.screenshot({ path: screenshot, fullPage: true });
  if (problems.length) throw new Error("the page reported errors:\n" + problems.join("\n"));
  console.log("DASHBOARD E2E: all steps passed (" + jobId + ", " + classifyId + "; screenshot " + screenshot + ")");
} catch (e) {
  // What the page said may explain a step that timed out.
  if (problems.length) console.log("the page reported:\n" + problems.join("\n"));
  if (page) console.log("its status lines: " + (await page.locator("[role=status]").allInnerTexts()).join(" | "));
  throw e;
} finally {
  await browser.close();
}
