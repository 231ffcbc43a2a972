// The dashboard: plain JavaScript over the public API with the user's key (kept in this browser's
// localStorage). It has no state on the server and no build step.
"use strict";

const API = "/api/v1/beta";
const BATCH = API + "/batch-processing";
const $ = (id) => document.getElementById(id);
let apiKey = localStorage.getItem("batch-api-key") || "";
let openJob = null;
let openJobDone = false; // a finished job's items no longer change: no need to reload them
const resultPages = new PageView($("result-page-view"));

function say(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {}, { Authorization: "Bearer " + apiKey });
  const r = await fetch(path, Object.assign({}, options, { headers }));
  if (!r.ok) {
    let detail = r.statusText;
    try { detail = (await r.json()).detail || detail; } catch (e) { /* not JSON */ }
    throw new Error(r.status + ": " + detail);
  }
  const type = r.headers.get("Content-Type") || "";
  if (type.startsWith("image/")) return r.blob();
  return type.startsWith("application/json") ? r.json() : r.text();
}

function postJson(path, body) {
  return api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text == null ? "" : String(text);
  if (className) td.className = className;
  return td;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}

// ---- directories and uploads ----

async function loadDirectories(select) {
  const page = await api(API + "/directories?page_size=100");
  const list = $("directory");
  const keep = select || list.value;
  list.replaceChildren(new Option("(upload a folder or pick one)", ""));
  for (const d of page.items) list.add(new Option(d.name + " (" + d.id + ")", d.id));
  list.value = keep || "";
}

async function uploadFolder() {
  const files = Array.from($("folder").files).filter((f) => !f.webkitRelativePath.split("/").some((p) => p.startsWith(".")));
  if (files.length === 0) { say("Choose a folder with files first.", true); return; }
  const name = (files[0].webkitRelativePath || files[0].name).split("/")[0] || "upload";
  const dir = await postJson(API + "/directories", { name });
  const bar = $("upload-progress");
  bar.hidden = false;
  bar.max = files.length;
  for (let i = 0; i < files.length; i++) {
    const form = new FormData();
    form.append("upload_file", files[i], files[i].name);
    await api(API + "/directories/" + dir.id + "/files/upload", { method: "POST", body: form });
    bar.value = i + 1;
    say("Uploading " + (i + 1) + " of " + files.length + " files to " + name + "…");
  }
  await loadDirectories(dir.id);
  say("Uploaded " + files.length + " files to directory " + name + ".");
}

// ---- jobs ----

async function startJob() {
  const directory = $("directory").value;
  if (!directory) { say("Pick a directory, or upload a folder first.", true); return; }
  const type = document.querySelector("input[name=job-type]:checked").value;
  const source = { parse: "parameters", classify: "rules", extract: "data schema" }[type];
  let config;
  try {
    config = type === "classify"
      ? { rules: JSON.parse($("rules").value), mode: "FAST" }
      : type === "extract"
        ? { data_schema: JSON.parse($("data-schema").value), cite_sources: true, confidence_scores: true }
        : { parameters: JSON.parse($("parameters").value || "{}") };
  } catch (e) {
    say("The " + source + " are not valid JSON: " + e.message, true);
    return;
  }
  const job = await postJson(BATCH, { job_config: config, directory_id: directory });
  say("Started " + type + " job " + job.id + ".");
  await refreshJobs();
  await showJob(job.id);
}

async function refreshJobs() {
  const page = await api(BATCH + "?limit=50");
  const body = $("jobs").tBodies[0];
  body.replaceChildren();
  for (const j of page.items) {
    const row = body.insertRow();
    row.dataset.job = j.id;
    const open = document.createElement("button");
    open.className = "link";
    open.textContent = j.id;
    open.setAttribute("aria-label", "Open job " + j.id);
    open.onclick = () => showJob(j.id).catch((e) => say(e.message, true));
    row.insertCell().append(open);
    cell(row, j.job_type);
    cell(row, j.status, "status status-" + j.status);
    const finished = j.processed_items + j.failed_items + j.skipped_items;
    const bar = document.createElement("progress");
    bar.max = Math.max(1, j.total_items);
    bar.value = finished;
    bar.setAttribute("aria-label", finished + " of " + j.total_items + " items finished");
    row.insertCell().append(bar);
    cell(row, j.processed_items, "num");
    cell(row, j.failed_items, "num");
    cell(row, j.skipped_items, "num");
    cell(row, j.total_items, "num");
    cell(row, when(j.created_at));
  }
}

async function showJob(id) {
  openJob = id;
  const status = await api(BATCH + "/" + encodeURIComponent(id));
  const j = status.job;
  $("job").hidden = false;
  $("job-title").textContent = "Job " + j.id;
  $("job-summary").textContent = j.job_type + ", " + j.status + ": " + j.total_items + " items, " + j.processed_items + " done, "
    + j.failed_items + " failed, " + j.skipped_items + " skipped (" + Math.round(status.progress_percentage) + "%)"
    + (j.error_message ? " - " + j.error_message : "");
  const terminal = ["completed", "failed", "cancelled"].includes(j.status);
  openJobDone = terminal;
  $("cancel").disabled = terminal;
  $("retry").disabled = !terminal || j.failed_items === 0;
  const items = await api(BATCH + "/" + encodeURIComponent(id) + "/items?limit=1000");
  const body = $("items").tBodies[0];
  body.replaceChildren();
  for (const i of items.items) {
    const row = body.insertRow();
    cell(row, i.item_name);
    cell(row, i.status, "status status-" + i.status);
    cell(row, i.error_message || i.skip_reason || "", i.error_message ? "error" : "");
    const td = row.insertCell();
    if (i.status === "completed" || (i.status === "skipped" && i.skip_reason === "already_processed")) {
      const view = document.createElement("button");
      view.textContent = "View";
      view.setAttribute("aria-label", "View the result of " + i.item_name);
      view.onclick = () => showResult(i, j.job_type).catch((e) => say(e.message, true));
      td.append(view);
    }
  }
}

async function command(kind) {
  if (!openJob) return;
  const answer = await postJson(BATCH + "/" + encodeURIComponent(openJob) + "/" + kind, kind === "cancel" ? { reason: "cancelled from the dashboard" } : {});
  say(answer.message || kind + " sent");
  await showJob(openJob);
}

// ---- results ----

async function showResult(item, jobType) {
  $("result").hidden = false;
  $("result-title").textContent = "Result of " + item.item_name;
  resultPages.clear();
  $("classification").hidden = true;
  $("extraction").hidden = true;
  if (jobType === "extract") {
    const r = await api(BATCH + "/items/" + encodeURIComponent(item.item_id) + "/result?format=json");
    showExtraction(r);
  } else if (jobType === "classify") {
    const r = await api(BATCH + "/items/" + encodeURIComponent(item.item_id) + "/result?format=json&job_type=classify");
    $("classification").hidden = false;
    $("class-type").textContent = r.type == null ? "no matching type" : r.type;
    $("class-confidence").value = r.confidence;
    $("class-confidence-text").textContent = Math.round(r.confidence * 100) + "%";
    $("class-reasoning").textContent = r.reasoning;
  } else {
    // The item's own parse job: this job's result, page by page.
    await resultPages.show(item.job_id, item.item_name);
  }
  $("result").scrollIntoView({ block: "nearest" });
}

// One row per field of a per-document extraction (one per field and page or row for the others): its
// value, confidence and the text it was read from. Values are set as text, never as markup.
function showExtraction(r) {
  const body = $("extraction").tBodies[0];
  body.replaceChildren();
  const results = Array.isArray(r.extract_result) ? r.extract_result : [r.extract_result || {}];
  const meta = r.extract_metadata?.field_metadata || {};
  const metas = meta.document_metadata ? [meta.document_metadata] : meta.page_metadata || meta.row_metadata || [];
  results.forEach((result, n) => {
    for (const [field, value] of Object.entries(result || {})) {
      const m = (metas[n] || {})[field] || {};
      const row = body.insertRow();
      cell(row, results.length > 1 ? field + " (" + (n + 1) + ")" : field);
      cell(row, value == null ? "not found" : typeof value === "object" ? JSON.stringify(value) : String(value));
      cell(row, m.confidence == null ? "" : Math.round(m.confidence * 100) + "%");
      const cited = (m.citation || [])[0];
      cell(row, cited ? "page " + cited.page + ": " + cited.matching_text : m.reasoning || "");
    }
  });
  $("extraction").hidden = false;
}

// A small markdown renderer for parse results: headings, lists, tables, code, emphasis. Everything is
// escaped first, so a document cannot inject markup into the page.
function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function inline(s) {
  return escapeHtml(s)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>");
}

function markdown(text) {
  const out = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.startsWith("```")) {
      const code = [];
      for (i++; i < lines.length && !lines[i].startsWith("```"); i++) code.push(lines[i]);
      i++;
      out.push("<pre><code>" + escapeHtml(code.join("\n")) + "</code></pre>");
    } else if (/^#{1,6} /.test(line)) {
      const level = line.indexOf(" ");
      out.push("<h" + (level + 2 > 6 ? 6 : level + 2) + ">" + inline(line.slice(level + 1)) + "</h" + (level + 2 > 6 ? 6 : level + 2) + ">");
      i++;
    } else if (/^\s*\|/.test(line)) {
      const rows = [];
      for (; i < lines.length && /^\s*\|/.test(lines[i]); i++) {
        if (/^\s*\|[\s:|-]+\|\s*$/.test(lines[i])) continue; // the separator row
        rows.push(lines[i].trim().replace(/^\||\|$/g, "").split("|").map((c) => "<td>" + inline(c.trim()) + "</td>").join(""));
      }
      out.push("<table>" + rows.map((r) => "<tr>" + r + "</tr>").join("") + "</table>");
    } else if (/^\s*([-*+]|\d+\.) /.test(line)) {
      const ordered = /^\s*\d+\. /.test(line);
      const items = [];
      for (; i < lines.length && /^\s*([-*+]|\d+\.) /.test(lines[i]); i++) items.push("<li>" + inline(lines[i].replace(/^\s*([-*+]|\d+\.) /, "")) + "</li>");
      out.push((ordered ? "<ol>" : "<ul>") + items.join("") + (ordered ? "</ol>" : "</ul>"));
    } else if (line.trim() === "") {
      i++;
    } else if (/^(---|\*\*\*)\s*$/.test(line)) {
      out.push("<hr>");
      i++;
    } else {
      const para = [];
      for (; i < lines.length && lines[i].trim() !== "" && !/^(#{1,6} |```|\s*\||\s*([-*+]|\d+\.) )/.test(lines[i]); i++) para.push(lines[i]);
      out.push("<p>" + inline(para.join(" ")) + "</p>");
    }
  }
  return out.join("\n");
}

// ---- wiring ----

function guarded(fn) {
  return () => fn().catch((e) => say(e.message, true));
}

$("key-form").addEventListener("submit", (e) => {
  e.preventDefault();
  apiKey = $("api-key").value.trim();
  localStorage.setItem("batch-api-key", apiKey);
  say("Key saved in this browser.");
  guarded(async () => { await loadDirectories(); await refreshJobs(); })();
});
$("upload").addEventListener("click", guarded(uploadFolder));
$("refresh-directories").addEventListener("click", guarded(() => loadDirectories()));
$("start").addEventListener("click", guarded(startJob));
$("cancel").addEventListener("click", guarded(() => command("cancel")));
$("retry").addEventListener("click", guarded(() => command("retry")));
for (const radio of document.querySelectorAll("input[name=job-type]")) {
  radio.addEventListener("change", () => {
    const type = document.querySelector("input[name=job-type]:checked").value;
    $("classify-options").hidden = type !== "classify";
    $("extract-options").hidden = type !== "extract";
    $("parse-options").hidden = type !== "parse";
  });
}

$("api-key").value = apiKey;
if (apiKey) guarded(async () => { await loadDirectories(); await refreshJobs(); })();
// Live progress: the list every two seconds, and the open job while it runs.
setInterval(() => {
  if (!apiKey || document.hidden) return;
  refreshJobs().catch((e) => say(e.message, true));
  if (openJob && !openJobDone) showJob(openJob).catch(() => {});
}, 2000);
