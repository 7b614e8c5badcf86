/* 12351 坐席工作台: suggestions for a live call, drawn from POST /api/console/suggest as the caseworker types.
 *
 * - notes are analysed 400 ms after the last keystroke (Ctrl+Enter: at once); an older reply never
 *   overwrites a newer one;
 * - calculators come prefilled from the facts; any figure can be changed and recomputed through
 *   POST /api/calculate/{name};
 * - 生成工单 / 当场解决 close the call (POST /api/console/tickets, /api/console/calls) with an
 *   Idempotency-Key per call, so a double press never files two tickets.
 *
 * Every request carries the session's CSRF token in X-CSRF-Token. All text goes in with textContent.
 */
"use strict";

(function () {
  const DEBOUNCE_MS = 400;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const notes = $("notes");
  const status = $("analyse-status");
  const summary = $("ticket-summary");
  const category = $("ticket-category");
  let timer = null;
  let sequence = 0; // the number of the latest request; replies to older ones are dropped
  let inflight = null;
  let latest = null; // the last suggestion shown
  let summaryEdited = false;
  let categoryEdited = false;
  let callKey = newKey();
  let schemas = null; // calculator name -> input schema (GET /api/calculators, once)

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + "-" + Math.random().toString(16).slice(2);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  async function postJSON(url, body, extraHeaders) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, ...(extraHeaders || {}) },
      body: JSON.stringify(body),
    });
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (!response.ok) {
      const message = (data && data.error) || "服务暂时不可用（" + response.status + "），请稍后再试";
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  // -- analysing the notes ------------------------------------------------------------------------------

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(analyse, DEBOUNCE_MS);
  }

  async function analyse() {
    clearTimeout(timer);
    const text = notes.value.trim();
    if (!text) {
      showEmpty();
      return;
    }
    const mine = ++sequence;
    if (inflight) inflight.abort();
    inflight = new AbortController();
    status.textContent = "分析中……";
    status.classList.remove("error");
    try {
      const response = await fetch("/api/console/suggest", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ notes: notes.value }),
        signal: inflight.signal,
      });
      const data = await response.json().catch(() => null);
      if (mine !== sequence) return;
      if (!response.ok) throw new Error((data && data.error) || "分析失败（" + response.status + "）");
      latest = data;
      draw(data);
      const n = data.issues.length;
      status.textContent = "已分析 " + data.analysed.chars + " 字：" + (n ? n + " 个问题" : "未识别出具体问题");
    } catch (error) {
      if (error.name === "AbortError" || mine !== sequence) return;
      status.textContent = error.message;
      status.classList.add("error");
    }
  }

  function showEmpty() {
    sequence++;
    latest = null;
    $("suggest-body").hidden = true;
    $("suggest-empty").hidden = false;
    $("truncated").hidden = true;
    status.textContent = "";
  }

  // -- drawing a suggestion -----------------------------------------------------------------------------

  function draw(data) {
    $("suggest-empty").hidden = true;
    $("suggest-body").hidden = false;
    const truncated = $("truncated");
    truncated.hidden = !data.analysed.truncated;
    truncated.textContent = data.analysed.notice;
    drawFacts(data.facts);
    drawIssues(data);
    drawAnswers(data);
    drawCitations(data.citations);
    drawCalculators(data.calculators);
    if (!summaryEdited) summary.value = data.ticket.summary;
    if (!categoryEdited) category.value = data.ticket.category;
  }

  function drawFacts(facts) {
    const list = $("facts");
    list.replaceChildren();
    for (const fact of facts) {
      list.append(el("dt", "", fact.label));
      const dd = el("dd", "", fact.value);
      if (fact.said && fact.said !== fact.value) dd.append(el("span", "said", "原话“" + fact.said + "”"));
      list.append(dd);
    }
    $("no-facts").hidden = facts.length > 0;
  }

  const STATUS_WORDS = { answered: "已解答", computed: "已计算", needs_fact: "缺事实", not_covered: "需人工" };

  function drawIssues(data) {
    const list = $("issues");
    list.replaceChildren();
    for (const issue of data.issues) {
      const item = el("li", "");
      item.append(el("span", "badge badge-" + issue.status, STATUS_WORDS[issue.status] || issue.status));
      item.append(document.createTextNode(" " + issue.label));
      if (issue.figure) item.append(el("span", "figure-inline", issue.figure));
      list.append(item);
    }
    if (!data.issues.length) list.append(el("li", "subtle", "还没有识别出具体问题，请继续记录。"));
    const missing = $("missing");
    missing.replaceChildren(...data.missing.map((text) => el("li", "", text)));
    $("no-missing").hidden = data.missing.length > 0;
  }

  function citationLink(n, citations) {
    const citation = citations.find((c) => c.n === n);
    const link = el("a", "cite", "[" + n + "]");
    link.href = citation ? citation.url : "#citations";
    link.target = "_blank";
    link.rel = "noopener";
    if (citation) link.title = citation.title + "｜" + citation.source;
    return link;
  }

  function drawLines(container, lines, citations) {
    for (const line of lines) {
      const p = el("p", "line");
      for (const part of line.parts) {
        if (part.text) p.append(document.createTextNode(part.text));
        if (part.cite !== null && part.cite !== undefined) p.append(citationLink(part.cite, citations));
      }
      container.append(p);
    }
  }

  function drawAnswers(data) {
    const box = $("answers");
    box.replaceChildren();
    const bySection = new Map(data.sections.filter((s) => s.kind === "issue").map((s) => [s.title, s]));
    const direct = data.sections.find((s) => s.kind === "direct" || s.kind === "notice");
    const issues = data.issues.length ? data.issues : [{ label: "", status: "", spoken: "" }];
    issues.forEach((issue, i) => {
      const card = el("article", "answer-card");
      const headingId = "answer-" + i;
      card.setAttribute("aria-labelledby", headingId);
      card.append(el("h4", "", issue.label || "答复"));
      card.lastChild.id = headingId;
      const section = bySection.get(issue.label) || (i === 0 && !bySection.size ? direct : null);
      if (section) drawLines(card, section.lines, data.citations);
      if (issue.spoken) {
        const said = el("p", "spoken");
        said.append(el("span", "spoken-label", "口播："), document.createTextNode(issue.spoken));
        card.append(said);
      }
      box.append(card);
    });
    const steps = data.sections.find((s) => s.kind === "steps");
    if (steps) {
      const card = el("article", "answer-card");
      card.append(el("h4", "", steps.title || "下一步"));
      const list = el("ol", "");
      for (const line of steps.lines) list.append(el("li", "", line.parts.map((p) => p.text).join("")));
      card.append(list);
      box.append(card);
    }
    $("spoken").textContent = data.spoken;
  }

  function drawCitations(citations) {
    const list = $("citations");
    list.replaceChildren();
    for (const c of citations) {
      const item = el("li", "");
      item.value = c.n;
      const link = el("a", "", c.title);
      link.href = c.url;
      link.target = "_blank";
      link.rel = "noopener";
      item.append(link, el("span", "subtle block", c.source + "（" + c.region + "）"));
      list.append(item);
    }
  }

  // -- calculators --------------------------------------------------------------------------------------

  async function loadSchemas() {
    if (schemas) return schemas;
    const response = await fetch("/api/calculators");
    const data = await response.json();
    schemas = {};
    for (const c of data.calculators) schemas[c.name] = c.input_schema;
    return schemas;
  }

  function fieldType(spec) {
    const options = spec.anyOf ? spec.anyOf.filter((o) => o.type !== "null") : [spec];
    const first = options[0] || {};
    return { type: first.type || spec.type, format: first.format, enum: first.enum || spec.enum, min: first.minimum, max: first.maximum };
  }

  async function drawCalculators(calculators) {
    const list = $("calc-list");
    $("no-calc").hidden = calculators.length > 0;
    // Keep a form the caseworker has edited while the notes still give the same calculator.
    const kept = new Map();
    for (const form of list.querySelectorAll("form[data-edited='true']")) kept.set(form.dataset.name, form.closest(".calc-card"));
    list.replaceChildren();
    let known;
    try {
      known = await loadSchemas();
    } catch (_) {
      known = {};
    }
    for (const calc of calculators) {
      if (kept.has(calc.name)) {
        list.append(kept.get(calc.name));
        continue;
      }
      list.append(calculatorCard(calc, known[calc.name]));
    }
  }

  function calculatorCard(calc, schema) {
    const card = el("article", "calc-card");
    const headingId = "calc-" + calc.name;
    const heading = el("h4", "", calc.title);
    heading.id = headingId;
    card.setAttribute("aria-labelledby", headingId);
    card.append(heading);
    const form = el("form", "calc-form");
    form.dataset.name = calc.name;
    form.noValidate = true;
    const properties = (schema && schema.properties) || {};
    for (const [name, spec] of Object.entries(properties)) {
      const kind = fieldType(spec);
      const id = "calc-" + calc.name + "-" + name;
      const field = el("div", "calc-field" + (name in calc.inputs ? " prefilled" : ""));
      const label = el("label", "", spec.title || name);
      label.htmlFor = id;
      let input;
      if (kind.enum) {
        input = el("select");
        input.append(el("option", "", ""));
        for (const value of kind.enum) input.append(el("option", "", value));
      } else if (kind.type === "boolean") {
        input = el("input");
        input.type = "checkbox";
      } else {
        input = el("input");
        input.type = kind.format === "date" ? "date" : kind.type === "integer" || kind.type === "number" ? "number" : "text";
        if (kind.type === "integer") input.step = "1";
        if (kind.type === "number") input.step = "any";
        if (kind.min !== undefined) input.min = kind.min;
        if (kind.max !== undefined) input.max = kind.max;
        input.inputMode = kind.type === "integer" ? "numeric" : kind.type === "number" ? "decimal" : "text";
      }
      input.id = id;
      input.name = name;
      input.dataset.kind = kind.type || "string";
      if (spec.description) input.title = spec.description;
      const value = name in calc.inputs ? calc.inputs[name] : spec.default;
      if (input.type === "checkbox") input.checked = Boolean(value);
      else if (value !== null && value !== undefined) input.value = String(value);
      field.append(label, input);
      form.append(field);
    }
    const button = el("button", "btn btn-small btn-primary", "重算");
    button.type = "submit";
    form.append(button);
    form.addEventListener("input", () => (form.dataset.edited = "true"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      recompute(form, card);
    });
    card.append(form);
    const result = el("div", "calc-result");
    result.setAttribute("role", "status");
    result.setAttribute("aria-live", "polite");
    card.append(result);
    drawResult(result, calc.result);
    return card;
  }

  function formInputs(form) {
    const inputs = {};
    for (const input of form.querySelectorAll("input, select")) {
      if (input.type === "checkbox") {
        inputs[input.name] = input.checked;
      } else if (input.value !== "") {
        const kind = input.dataset.kind;
        inputs[input.name] = kind === "integer" || kind === "number" ? Number(input.value) : input.value;
      }
    }
    return inputs;
  }

  async function recompute(form, card) {
    const result = card.querySelector(".calc-result");
    try {
      const data = await postJSON("/api/calculate/" + encodeURIComponent(form.dataset.name), formInputs(form));
      drawResult(result, data);
    } catch (error) {
      result.replaceChildren(el("p", "calc-error", error.message));
      result.firstChild.setAttribute("role", "alert");
    }
  }

  function figureText(r) {
    const parts = [];
    if (r.months !== null && r.months !== undefined) parts.push(r.months + " 个月");
    if (r.amount !== null && r.amount !== undefined) parts.push(Number(r.amount).toLocaleString("zh-CN") + " 元");
    if (r.days !== null && r.days !== undefined) parts.push(r.days + " 天");
    if (r.deadline) parts.push("最迟 " + r.deadline);
    return parts.join("，");
  }

  function drawResult(box, r) {
    box.replaceChildren();
    const figure = figureText(r);
    if (figure) box.append(el("p", "calc-figure", figure));
    box.append(el("p", "calc-formula", r.formula));
    for (const ask of r.asks || []) box.append(el("p", "calc-ask", ask));
    if (r.steps && r.steps.length) {
      const list = el("ol", "calc-steps");
      for (const step of r.steps) {
        const item = el("li", "", step.text + "（" + step.source + "）");
        list.append(item);
      }
      box.append(list);
    }
  }

  // -- closing the call ---------------------------------------------------------------------------------

  function topics() {
    return latest ? latest.ticket.topics : [];
  }

  async function closeCall(kind) {
    const result = $("close-result");
    if (!notes.value.trim()) {
      result.textContent = "笔记是空的：请先记录来电内容。";
      result.className = "close-result error";
      notes.focus();
      return;
    }
    const buttons = [$("make-ticket"), $("resolve-call")];
    buttons.forEach((b) => (b.disabled = true));
    result.className = "close-result";
    result.textContent = kind === "ticket" ? "正在生成工单……" : "正在记录……";
    try {
      let data;
      if (kind === "ticket") {
        data = await postJSON(
          "/api/console/tickets",
          {
            notes: notes.value,
            category: category.value,
            phone: $("caller-phone").value,
            name: $("caller-name").value,
            summary: summary.value,
            topics: topics(),
          },
          { "Idempotency-Key": callKey + "-ticket" }
        );
      } else {
        data = await postJSON("/api/console/calls", { notes: notes.value, topics: topics() }, { "Idempotency-Key": callKey + "-resolved" });
      }
      result.replaceChildren(el("span", "", data.message + " "));
      if (data.ticket_url) {
        const link = el("a", "", "打开工单 " + data.ticket + "（来电 " + data.phone + "）");
        link.href = data.ticket_url;
        result.append(link);
      }
      result.append(el("span", "subtle block", "按“新来电”（Alt+Shift+N）开始下一通电话。"));
      result.focus();
    } catch (error) {
      result.textContent = error.message;
      result.className = "close-result error";
      if (/电话|号码/.test(error.message)) $("caller-phone").focus();
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  function newCall() {
    notes.value = "";
    summary.value = "";
    $("caller-phone").value = "";
    $("caller-name").value = "";
    $("close-result").textContent = "";
    summaryEdited = false;
    categoryEdited = false;
    category.selectedIndex = 0;
    callKey = newKey();
    $("calc-list").replaceChildren();
    showEmpty();
    notes.focus();
  }

  // -- wiring -------------------------------------------------------------------------------------------

  notes.addEventListener("input", schedule);
  notes.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      analyse();
    }
  });
  summary.addEventListener("input", () => (summaryEdited = true));
  category.addEventListener("change", () => (categoryEdited = true));
  $("make-ticket").addEventListener("click", () => closeCall("ticket"));
  $("resolve-call").addEventListener("click", () => closeCall("resolved"));
  $("new-call").addEventListener("click", newCall);

  document.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key.toLowerCase();
    const actions = {
      n: () => (event.shiftKey ? newCall() : notes.focus()),
      s: () => $("suggestions").focus(),
      k: () => {
        const first = document.querySelector("#calc-list input, #calc-list select");
        (first || $("calculators")).focus();
      },
      t: () => closeCall("ticket"),
      r: () => closeCall("resolved"),
    };
    // event.code keeps the shortcuts working where Alt+letter types another character (macOS).
    const letter = event.code && event.code.startsWith("Key") ? event.code.slice(3).toLowerCase() : key;
    if (actions[letter]) {
      event.preventDefault();
      actions[letter]();
    }
  });

  notes.focus();
})();
