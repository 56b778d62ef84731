// Reference client of the portal's API v3: a procedure page and a tracking page
// built from the API alone. Configuration: ?api=<base URL of /api/v3>.
"use strict";

const API = new URLSearchParams(location.search).get("api") || "/api/v3";
const app = document.getElementById("app");

function el(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes || {})) {
    node.setAttribute(name, value);
  }
  return node;
}

function list(tag, items, render) {
  const node = el(tag);
  for (const item of items) node.append(render(item));
  return node;
}

async function call(path, options) {
  // The page's language, not the browser's: a Vietnamese front end.
  const headers = { "Accept-Language": document.documentElement.lang,
    ...((options || {}).headers || {}) };
  const response = await fetch(API + path, { ...(options || {}), headers });
  const body = await response.json();
  // Every error is an RFC 9457 problem: show its detail.
  if (!response.ok) throw new Error(body.detail || body.title);
  return body;
}

function showError(error) {
  app.replaceChildren(el("p", error.message, { class: "error", role: "alert" }));
}

async function procedurePage(code) {
  const p = await call("/procedures/" + encodeURIComponent(code));
  const facts = el("dl");
  for (const [label, value] of [
    ["Mã thủ tục", p.code],
    ["Lĩnh vực", p.sector ? p.sector.name : ""],
    ["Cơ quan thực hiện", p.agency ? p.agency.name : ""],
    ["Thời hạn giải quyết", p.processing_time.days === null ? p.processing_time.note
      : p.processing_time.days + " ngày"],
    ["Phí, lệ phí", p.fee.text || (p.fee.amount === null ? "" : p.fee.amount + " đồng")],
  ]) {
    facts.append(el("dt", label), el("dd", value));
  }
  const parts = [el("h1", p.name), facts, el("h2", "Trình tự thực hiện"),
    list("ol", p.steps, (step) => el("li", step.description)),
    el("h2", "Thành phần hồ sơ"),
    list("ul", p.documents, (d) => el("li", `${d.name} (${d.originals} bản chính, ${d.copies} bản sao)`)),
    el("h2", "Biểu mẫu"),
    list("ul", p.forms, (form) => {
      const item = el("li");
      item.append(el("a", `${form.form_number} ${form.title} (${form.format})`,
        { href: form.download_url, class: "form-download" }));
      return item;
    }),
    el("h2", "Nơi tiếp nhận"),
    list("ul", p.units, (unit) => el("li", unit.name)),
  ];
  if (p.online_service) {
    parts.push(el("a", "Nộp hồ sơ trực tuyến", { href: p.online_service.url, class: "online" }));
  }
  app.replaceChildren(...parts);
}

function trackingPage() {
  const form = el("form");
  form.append(
    el("label", "Mã hồ sơ", { for: "code" }), el("input", null, { id: "code", name: "code", required: "" }),
    el("label", "4 số cuối điện thoại hoặc CCCD", { for: "factor" }),
    el("input", null, { id: "factor", name: "factor", required: "" }),
    el("button", "Tra cứu", { type: "submit" }),
  );
  const result = el("section", null, { id: "result" });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const dossier = await call("/dossiers/track", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code: form.code.value, factor: form.factor.value }),
      });
      result.replaceChildren(
        el("h2", dossier.code),
        el("p", "Trạng thái: " + dossier.status, { class: "status" }),
        el("p", "Ngày hẹn trả: " + (dossier.appointment_date || "")),
        list("ol", dossier.timeline, (step) => el("li", `${step.at} ${step.status} ${step.note}`)),
      );
    } catch (error) {
      result.replaceChildren(el("p", error.message, { class: "error", role: "alert" }));
    }
  });
  app.replaceChildren(el("h1", "Tra cứu hồ sơ"), form, result);
}

function route() {
  const [, page, argument] = location.hash.split("/");
  const shown = page === "thu-tuc" ? procedurePage(decodeURIComponent(argument || ""))
    : Promise.resolve(trackingPage());
  shown.catch(showError);
}

window.addEventListener("hashchange", route);
route();
