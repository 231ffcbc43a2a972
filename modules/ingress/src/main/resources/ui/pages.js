// A parse result page by page: the page's image (the screenshot the job saved, else the page rendered
// by the server when asked) with its tables and headings outlined from their bbox, beside the page's
// markdown. Uses app.js's helpers (api, markdown) when a result is shown.
"use strict";

const PAGES_API = "/api/v2/parse";
// The item types outlined, in the legend's order; each has its own colour (app.css, .outline-<type>).
const OUTLINED = [["table", "table", "tables"], ["heading", "heading", "headings"]];

function plural(n, one, many) {
  return n + " " + (n === 1 ? one : many);
}

class PageView {
  // host: an empty element; its data-markdown-id and data-markdown-label name the markdown pane,
  // data-pages-label the page navigation.
  constructor(host) {
    host.append(document.getElementById("page-view").content.cloneNode(true));
    this.host = host;
    this.part = (name) => host.querySelector(".page-" + name);
    const pane = this.part("markdown");
    pane.id = host.dataset.markdownId;
    pane.setAttribute("aria-label", host.dataset.markdownLabel);
    this.part("nav").setAttribute("aria-label", host.dataset.pagesLabel);
    this.part("select").id = host.id + "-page";
    this.part("select-label").htmlFor = this.part("select").id;
    this.pages = [];
    this.rendered = new Map(); // page number -> object URL of a page the server rendered, for this result
    this.shown = 0; // bumped whenever another result or page is shown: a late answer sees it and stops
    this.part("prev").addEventListener("click", () => this.go(this.index - 1));
    this.part("next").addEventListener("click", () => this.go(this.index + 1));
    this.part("select").addEventListener("change", (e) => this.go(Number(e.target.value)));
    this.part("image").addEventListener("error", () => this.imageMissing("the image could not be loaded"));
  }

  imageMissing(why) {
    const page = this.pages[this.index];
    if (!page) return; // cleared meanwhile
    this.part("caption").textContent = "No image of page " + page.number + ": " + why;
    this.part("caption").classList.add("error");
  }

  clear() {
    this.shown++;
    for (const url of this.rendered.values()) URL.revokeObjectURL(url);
    this.rendered = new Map();
    this.pages = [];
    this.host.hidden = true;
    this.part("markdown").replaceChildren();
  }

  // Shows parse job `id`, of the file `name`, from its first page.
  async show(id, name) {
    this.clear();
    const me = this.shown;
    const r = await api(PAGES_API + "/" + encodeURIComponent(id) + "?expand=markdown,items,metadata,images_content_metadata");
    if (me !== this.shown) return;
    const items = new Map(((r.items || {}).pages || []).map((p) => [p.page_number, p]));
    const shots = new Map(((r.images_content_metadata || {}).images || [])
      .filter((i) => i.category === "screenshot").map((i) => [i.page_number, i.presigned_url]));
    this.id = id;
    this.name = name;
    this.pages = ((r.markdown || {}).pages || []).map((p) => {
      const geometry = items.get(p.page_number) || {};
      return {
        number: p.page_number,
        markdown: p.success === false ? "Page " + p.page_number + " could not be parsed: " + p.error : p.markdown || "",
        items: geometry.items || [],
        width: geometry.page_width,
        height: geometry.page_height,
        screenshot: shots.get(p.page_number),
      };
    });
    const total = (r.metadata || {}).total_pages || this.pages.length;
    this.part("count").textContent = "of " + total + (this.pages.length < total ? " (" + this.pages.length + " parsed)" : "");
    this.part("select").replaceChildren(...this.pages.map((p, i) => new Option(String(p.number), String(i))));
    this.part("nav").hidden = this.pages.length < 2;
    this.host.hidden = this.pages.length === 0;
    if (this.pages.length) await this.go(0);
  }

  async go(index) {
    if (index < 0 || index >= this.pages.length) return;
    const me = ++this.shown;
    const page = this.pages[index];
    this.index = index;
    this.part("select").value = String(index);
    this.part("prev").disabled = index === 0;
    this.part("next").disabled = index === this.pages.length - 1;
    this.part("markdown").innerHTML = markdown(page.markdown);
    const measured = page.width > 0 && page.height > 0;
    this.part("pair").classList.toggle("no-image", !measured);
    this.part("figure").hidden = !measured;
    if (!measured) return; // a format without pages of its own: its markdown alone
    const counts = this.outline(page);
    for (const [type, one, many] of OUTLINED) {
      this.part("legend").querySelector("[data-type=" + type + "] .count").textContent = plural(counts[type], one, many);
    }
    const image = this.part("image");
    image.removeAttribute("src");
    image.alt = "Page " + page.number + " of " + this.name;
    const outlined = OUTLINED.map(([type, one, many]) => plural(counts[type], one, many)).join(" and ");
    this.part("caption").textContent = "Page " + page.number + ": " + outlined + " outlined.";
    this.part("caption").classList.remove("error");
    try {
      const src = await this.imageOf(page);
      if (me === this.shown) image.src = src;
    } catch (e) {
      if (me === this.shown) this.imageMissing(e.message);
    }
  }

  // One outline per box of each table and heading, placed in percent of the page so that it scales
  // with the image: a bbox is in points from the page's top-left corner. The counts by type.
  outline(page) {
    const layer = this.part("outlines");
    const canvas = this.part("canvas");
    canvas.style.aspectRatio = page.width + " / " + page.height;
    layer.replaceChildren();
    const counts = Object.fromEntries(OUTLINED.map(([type]) => [type, 0]));
    page.items.forEach((item, i) => {
      if (!(item.type in counts) || !Array.isArray(item.bbox)) return;
      counts[item.type]++;
      for (const box of item.bbox) {
        const el = document.createElement("div");
        el.className = "outline outline-" + item.type;
        el.dataset.item = String(i);
        el.title = item.type === "table" ? "Table, " + plural((item.rows || []).length, "row", "rows") : "Heading: " + item.value;
        el.style.left = (100 * box.x / page.width) + "%";
        el.style.top = (100 * box.y / page.height) + "%";
        el.style.width = (100 * box.w / page.width) + "%";
        el.style.height = (100 * box.h / page.height) + "%";
        layer.append(el);
      }
    });
    return counts;
  }

  // The saved screenshot, else the page rendered now. A screenshot's signed URL is asked of this page's
  // own server: the URL names BATCH_PUBLIC_URL, which may not be how this browser reaches it.
  async imageOf(page) {
    if (page.screenshot) {
      const signed = new URL(page.screenshot, location.href);
      return signed.pathname + signed.search;
    }
    const cache = this.rendered;
    if (!cache.has(page.number)) {
      const png = await api(PAGES_API + "/" + encodeURIComponent(this.id) + "/pages/" + page.number + "/image");
      if (cache !== this.rendered) throw new Error("another result is shown"); // go() sees it and stops
      cache.set(page.number, URL.createObjectURL(png));
    }
    return cache.get(page.number);
  }
}
