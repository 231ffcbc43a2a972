// The dashboard end to end in Debian's headless Chromium (playwright-core, no downloaded browser):
// enter the key, upload a folder, start a parse job, watch it finish in the jobs table, open a result,
// then a classify job over the same directory and its classification; saves a screenshot.
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
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });

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
