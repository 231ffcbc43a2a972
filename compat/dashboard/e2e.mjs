// The dashboard end to end in Debian's headless Chromium (playwright-core, no downloaded browser):
// enter the key, upload a folder, start a parse job, watch it finish in the jobs table, open a result,
// then a classify job over the same directory and its classification, then one file parsed on its own
// (a standalone parse job: its details, markdown, a failed one, the recent list); saves a screenshot.
// Env: BATCH_URL, BATCH_API_KEY, FOLDER (files to upload), SCREENSHOT (where to save it).
import { chromium } from "playwright-core";

const base = process.env.BATCH_URL;
const key = process.env.BATCH_API_KEY;
const folder = process.env.FOLDER;
const screenshot = process.env.SCREENSHOT || "dashboard.png";
const step = (s) => console.log("step: " + s);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  let refusalExpected = false; // Chromium logs the 422 a step provokes on purpose
  page.on("console", (m) => {
    if (m.type() === "error" && !(refusalExpected && /status of 422/.test(m.text()))) problems.push("console: " + m.text());
  });

  step("open the dashboard and enter the key");
  await page.goto(base + "/");
  await page.getByLabel("API key", { exact: true }).fill(key);
  await page.getByRole("button", { name: "Use key" }).click();
  await page.getByText("Key saved in this browser.").waitFor();

  step("upload a folder");
  await page.getByLabel("Upload a folder").setInputFiles(folder);
  await page.getByRole("button", { name: "Upload folder" }).click();
  await page.getByText(/Uploaded \d+ files to directory/).waitFor({ timeout: 60000 });

  step("start a parse job that saves page screenshots, and watch it finish");
  await page.getByLabel("Parse parameters (JSON)").fill('{"do_not_cache": true, "images_to_save": ["screenshot"]}');
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
  const shot = page.locator("#screenshots img").first();
  await shot.waitFor({ timeout: 30000 });
  await page.waitForFunction(() => { const i = document.querySelector("#screenshots img"); return i && i.complete && i.naturalWidth > 100; });

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

  step("a file the parser cannot read: FAILED with its error");
  await page.getByLabel("File to parse").setInputFiles({ name: "broken.pdf", mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\nthis is not a PDF at all\n") });
  await page.getByLabel("Tier").selectOption("fast");
  await page.getByLabel("Pages", { exact: true }).fill("");
  await page.getByRole("button", { name: "Parse file" }).click();
  await page.getByRole("status").filter({ hasText: "Parse of broken.pdf: FAILED." }).waitFor({ timeout: 120000 });
  await page.locator("#parse-error", { hasText: /^Error: \S/ }).waitFor();

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
  await page.locator("#job-summary", { hasText: "completed" }).waitFor();
  await page.getByRole("button", { name: "View the result of note.txt" }).click();
  await page.locator("#markdown", { hasText: "The delivery is due" }).waitFor();
  await page.screenshot({ path: screenshot, fullPage: true });
  if (problems.length) throw new Error("the page reported errors:\n" + problems.join("\n"));
  console.log("DASHBOARD E2E: all steps passed (" + jobId + ", " + classifyId + "; screenshot " + screenshot + ")");
} finally {
  await browser.close();
}
