/* 12351 职工服务 AI 助手: enhances the server-rendered chat page (which also works without JavaScript).
 *
 * - questions stream in from POST /api/answer/stream (fetch + ReadableStream, since EventSource cannot POST);
 * - [n] markers open a panel with the cited passage;
 * - 👍/👎, 转人工 and the 计算器 forms go to the JSON API;
 * - 🔊 朗读 reads an answer's `spoken` version with the browser's own speech synthesis (no server call),
 *   shown only when the browser has a Chinese voice;
 * - the conversation (questions masked by redact.js, dropped after 24 hours) and the 大字 setting live in
 *   localStorage.
 *
 * Every piece of user or passage text is put in the page with textContent, never as HTML.
 */
"use strict";

(function () {
  const CHAT_KEY = "bot12351.chat.v1";
  const LARGE_TEXT_KEY = "bot12351.largeText";
  // Oldest turns are dropped beyond this, so localStorage stays small.
  const MAX_SAVED_TURNS = 40;
  // A saved conversation is dropped this long after it was last saved (a shared or lost phone).
  const SAVED_CHAT_MS = 24 * 60 * 60 * 1000;
  const NETWORK_ERROR = "网络连接出现问题，请检查网络后重试；急事请直接拨打 12351 职工服务热线。";

  // --- small helpers ---------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else if (key === "hidden") node.hidden = true;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function readStorage(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (err) {
      return null;
    }
  }

  function writeStorage(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (err) {
      // Private mode or full storage: the page still works, it just forgets on reload.
    }
  }

  // A random key for the Idempotency-Key header (crypto.randomUUID needs https; getRandomValues does not).
  function newKey() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // `key`, when given, is sent as Idempotency-Key: a retry of the same submission stores nothing new.
  async function postJSON(url, body, key) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (key) headers["Idempotency-Key"] = key;
    const response = await fetch(url, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(body),
    });
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      data = null;
    }
    if (!response.ok || !data || data.ok === false) {
      const message = (data && data.error) || "提交失败（" + response.status + "），请稍后再试。";
      throw new Error(message);
    }
    return data;
  }

  // --- 大字 (large text), on every page ---------------------------------------------------------------

  function setupLargeText() {
    const button = document.getElementById("large-text");
    const apply = function (on) {
      document.documentElement.classList.toggle("large-text", on);
      if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
    };
    apply(readStorage(LARGE_TEXT_KEY) === "1");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      const on = !document.documentElement.classList.contains("large-text");
      apply(on);
      writeStorage(LARGE_TEXT_KEY, on ? "1" : "0");
    });
  }

  // --- answer sections -> DOM (the same JSON and markup as the _answer.html macro) -------------------

  function citeLink(n, byN, turnIndex) {
    const citation = byN.get(n);
    if (!citation) return document.createTextNode("[" + n + "]");
    return el("a", {
      className: "cite",
      href: "/sources/" + encodeURIComponent(citation.id),
      "data-n": citation.n,
      "data-turn": turnIndex,
      "aria-label": "第 " + citation.n + " 条依据：" + citation.title,
      text: "[" + citation.n + "]",
    });
  }

  function lineNodes(line, byN, turnIndex) {
    const nodes = [];
    for (const part of line.parts || []) {
      if (part.text) nodes.push(document.createTextNode(part.text));
      if (part.cite !== null && part.cite !== undefined) nodes.push(citeLink(part.cite, byN, turnIndex));
    }
    return nodes;
  }

  function answerNodes(turn, turnIndex) {
    // While an answer streams in (and for turns saved before answers had sections), the text is shown as
    // it is, one paragraph per line; the finished answer is drawn from its sections.
    if (!turn.sections || turn.streaming) {
      return (turn.answer || "")
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => el("p", { text: line }));
    }
    const byN = new Map((turn.citations || []).map((c) => [c.n, c]));
    const out = [];
    for (const section of turn.sections) {
      if (section.kind === "basis" || section.kind === "steps") {
        const list = el(section.kind === "steps" ? "ol" : "ul", { className: section.kind });
        for (const line of section.lines) list.append(el("li", {}, lineNodes(line, byN, turnIndex)));
        out.push(el("section", { className: "answer-section" }, [el("h3", { text: section.title }), list]));
      } else if (section.kind === "issue") {
        const lines = section.lines.map((line) => el("p", {}, lineNodes(line, byN, turnIndex)));
        out.push(el("section", { className: "answer-section answer-issue" }, [el("h3", { text: section.title }), ...lines]));
      } else {
        for (const line of section.lines) {
          out.push(
            el("p", { className: section.kind === "help" ? "help-line" : null }, lineNodes(line, byN, turnIndex))
          );
        }
      }
    }
    return out;
  }

  // --- the chat page ---------------------------------------------------------------------------------

  function setupChat() {
    const log = document.getElementById("log");
    const askForm = document.getElementById("ask");
    if (!log || !askForm) return;
    const input = document.getElementById("question");
    const sendButton = document.getElementById("send");
    const suggestions = document.getElementById("suggestions");
    const chipForm = document.getElementById("chip-form");
    const alerts = document.getElementById("alerts");
    const panel = document.getElementById("cite-panel");
    const handoffDetails = document.getElementById("handoff-details");
    const handoffForm = document.getElementById("handoff-form");
    const handoffError = document.getElementById("handoff-error");
    const handoffResult = document.getElementById("handoff-result");
    const handoffSubmit = document.getElementById("handoff-submit");
    let state = loadState();
    let busy = false;
    let panelOpener = null;
    let handoffKey = "";

    for (const hint of document.querySelectorAll(".js-only")) hint.hidden = false;

    function loadState() {
      try {
        const saved = JSON.parse(readStorage(CHAT_KEY) || "null");
        if (saved && !(typeof saved.saved_at === "number" && Date.now() - saved.saved_at < SAVED_CHAT_MS)) {
          writeStorage(CHAT_KEY, null); // older than a day (or saved before questions were masked)
          return { session_id: "", turns: [] };
        }
        if (saved && Array.isArray(saved.turns)) {
          return { session_id: typeof saved.session_id === "string" ? saved.session_id : "", turns: saved.turns };
        }
      } catch (err) {
        // A corrupt entry starts a fresh conversation.
      }
      return { session_id: "", turns: [] };
    }

    function saveState() {
      // Questions are kept masked (phone, ID and card numbers, e-mail), like the server's own records.
      const turns = state.turns
        .filter((t) => t.status !== "pending")
        .slice(-MAX_SAVED_TURNS)
        .map((t) => (typeof t.question === "string" ? Object.assign({}, t, { question: window.botRedact(t.question) }) : t));
      writeStorage(CHAT_KEY, JSON.stringify({ session_id: state.session_id, saved_at: Date.now(), turns: turns }));
    }

    // A turn the server rendered (the form was posted before this script ran) joins the saved conversation.
    function adoptServerTurn() {
      const rendered = log.querySelector(".turn[data-payload]");
      if (!rendered) return;
      try {
        const payload = JSON.parse(rendered.getAttribute("data-payload"));
        const turn = {
          question: payload.question,
          status: payload.status,
          answer: payload.answer,
          citations: payload.citations || [],
          turn_id: payload.turn_id,
          spoken: payload.spoken || "",
        };
        if (payload.session_id !== state.session_id) state = { session_id: payload.session_id, turns: [] };
        const last = state.turns[state.turns.length - 1];
        if (!last || last.turn_id !== turn.turn_id) state.turns.push(turn);
        saveState();
      } catch (err) {
        // Leave the state as it was.
      }
    }

    function setSession(sessionId) {
      state.session_id = sessionId || "";
      for (const field of document.querySelectorAll(".session-field")) field.value = state.session_id;
    }

    // --- rendering ---

    function renderAll() {
      log.replaceChildren(...state.turns.map((turn, index) => turnElement(turn, index)));
      suggestions.hidden = state.turns.length > 0;
      setSession(state.session_id);
    }

    function turnElement(turn, index) {
      if (turn.kind === "ticket") return ticketElement(turn);
      const user = el("div", { className: "msg msg-user" }, [
        el("p", { className: "msg-who", text: "您问" }),
        el("p", { className: "question-text", text: turn.question }),
      ]);
      const bot = el("div", {});
      fillBot(bot, turn, index);
      return el("article", { className: "turn", "data-index": index }, [user, bot]);
    }

    function ticketElement(turn) {
      return el("article", { className: "turn" }, [
        el("div", { className: "msg msg-bot alert-ok ticket" }, [
          el("p", { className: "msg-who", text: "转人工" }),
          el("p", {}, [
            document.createTextNode("已提交，您的工单号："),
            el("strong", { className: "ticket-number", text: turn.number }),
          ]),
          el("p", { text: turn.message }),
        ]),
      ]);
    }

    function fillBot(bot, turn, index) {
      bot.className = "msg msg-bot status-" + (turn.error ? "error" : turn.status);
      const children = [el("p", { className: "msg-who", text: "AI 助手" })];
      if (turn.error) {
        children.push(el("p", { role: "alert", text: turn.error }));
      } else if (turn.status === "pending" && !turn.answer) {
        children.push(el("p", { className: "typing", text: "正在查找相关政策依据…" }));
      } else {
        if (turn.status === "out_of_scope") children.push(el("p", { className: "status-tag", text: "不在服务范围" }));
        if (turn.status === "no_match") children.push(el("p", { className: "status-tag", text: "暂未找到可靠依据" }));
        children.push(el("div", { className: "answer" }, answerNodes(turn, index)));
        if (turn.status === "no_match" && !turn.streaming) {
          children.push(
            el("p", {}, [el("a", { className: "btn btn-primary handoff-open", href: "#handoff", text: "转人工" })])
          );
        }
        if (turn.spoken && !turn.streaming) children.push(speakButton(index));
        if (turn.turn_id && !turn.streaming) children.push(feedbackElement(turn, index));
      }
      bot.replaceChildren(...children);
    }

    // --- read aloud (the browser's own speech synthesis; nothing is sent anywhere) ---

    function chineseVoice() {
      if (!("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) return null;
      const voices = window.speechSynthesis.getVoices() || [];
      return (
        voices.find((v) => /^zh[-_]CN/i.test(v.lang)) ||
        voices.find((v) => /^(zh|cmn|yue)\b/i.test(v.lang)) ||
        null
      );
    }

    function speakButton(index) {
      const button = el("button", {
        type: "button",
        className: "btn btn-small speak-btn",
        "data-index": index,
        "aria-pressed": "false",
        hidden: !chineseVoice(),
      }, [el("span", { "aria-hidden": "true", text: "🔊 " }), document.createTextNode("朗读")]);
      return el("p", { className: "speak" }, [button]);
    }

    function stopSpeaking() {
      if ("speechSynthesis" in window) window.speechSynthesis.cancel();
      for (const button of log.querySelectorAll(".speak-btn[aria-pressed='true']")) {
        button.setAttribute("aria-pressed", "false");
        button.lastChild.textContent = "朗读";
      }
    }

    log.addEventListener("click", function (event) {
      const button = event.target.closest(".speak-btn");
      if (!button) return;
      const wasSpeaking = button.getAttribute("aria-pressed") === "true";
      stopSpeaking();
      const turn = state.turns[Number(button.getAttribute("data-index"))];
      const voice = chineseVoice();
      if (wasSpeaking || !turn || !turn.spoken || !voice) return;
      const utterance = new window.SpeechSynthesisUtterance(turn.spoken);
      utterance.lang = voice.lang;
      utterance.voice = voice;
      utterance.rate = 0.9; // a little slower, for listeners who read with difficulty
      utterance.onend = stopSpeaking;
      button.setAttribute("aria-pressed", "true");
      button.lastChild.textContent = "停止朗读";
      window.speechSynthesis.speak(utterance);
    });

    // Voices load asynchronously in most browsers: show the buttons once a Chinese one is there.
    if ("speechSynthesis" in window && window.speechSynthesis.addEventListener) {
      window.speechSynthesis.addEventListener("voiceschanged", function () {
        const available = Boolean(chineseVoice());
        for (const button of log.querySelectorAll(".speak-btn")) button.hidden = !available;
      });
    }

    function feedbackElement(turn, index) {
      const box = el("form", { className: "feedback", method: "post", action: "/feedback", "data-index": index });
      if (turn.rating) {
        box.append(
          el("span", {
            className: "feedback-status",
            text: turn.rating === "up" ? "👍 已评价：有帮助。谢谢！" : "👎 已评价：没帮助。谢谢您的意见！",
          })
        );
        return box;
      }
      box.append(
        el("span", { className: "feedback-label", text: "这条回答有帮助吗？" }),
        ratingButton("up", "👍", "有帮助"),
        ratingButton("down", "👎", "没帮助")
      );
      const commentId = "feedback-comment-" + index;
      box.append(
        el("div", { className: "feedback-comment", hidden: true }, [
          el("label", { for: commentId, text: "哪里不对或不清楚？（选填）" }),
          el("textarea", { id: commentId, name: "comment", rows: 2, maxlength: 2000 }),
          el("div", {}, [
            el("button", { type: "submit", className: "btn btn-small btn-primary", name: "rating", value: "down", "data-confirm": "1", text: "提交评价" }),
          ]),
        ])
      );
      return box;
    }

    function ratingButton(value, icon, label) {
      // The emoji is decoration; the accessible name is the words.
      return el("button", { type: "submit", className: "btn btn-small", name: "rating", value: value }, [
        el("span", { "aria-hidden": "true", text: icon + " " }),
        document.createTextNode(label),
      ]);
    }

    function updateTurn(index) {
      const article = log.querySelector('.turn[data-index="' + index + '"]');
      if (!article) return;
      fillBot(article.lastElementChild, state.turns[index], index);
    }

    // --- asking ---

    async function ask(question) {
      question = question.trim();
      if (!question || busy) return;
      busy = true;
      sendButton.disabled = true;
      alerts.replaceChildren();
      closePanel(false);
      const turn = { question: question, status: "pending", answer: "", citations: [], turn_id: null, streaming: true };
      state.turns.push(turn);
      const index = state.turns.length - 1;
      const article = turnElement(turn, index);
      log.append(article);
      suggestions.hidden = true;
      input.value = "";
      article.scrollIntoView({ block: "start" });
      log.setAttribute("aria-busy", "true");
      try {
        await streamAnswer(turn, index, question);
      } catch (err) {
        turn.error = err && err.message ? err.message : NETWORK_ERROR;
      } finally {
        if (turn.status === "pending" && !turn.error) turn.error = NETWORK_ERROR;
        delete turn.streaming;
        updateTurn(index);
        log.setAttribute("aria-busy", "false");
        busy = false;
        sendButton.disabled = false;
        if (turn.error) input.value = question;
        saveState();
      }
    }

    async function streamAnswer(turn, index, question) {
      const body = { question: question };
      if (state.session_id) body.session_id = state.session_id;
      let response;
      try {
        response = await fetch("/api/answer/stream", {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
          body: JSON.stringify(body),
        });
      } catch (err) {
        throw new Error(NETWORK_ERROR);
      }
      if (!response.ok || !response.body) {
        let message = "出错了（" + response.status + "），请稍后再试；急事请拨打 12351。";
        try {
          const data = await response.json();
          if (data && data.error) message = data.error;
        } catch (err) {
          // Keep the generic message.
        }
        throw new Error(message);
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { done, value } = await reader.read();
        buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
        const blocks = buffer.split(/\r?\n\r?\n/);
        buffer = blocks.pop();
        for (const block of blocks) handleEvent(block, turn, index);
        if (done) break;
      }
      if (buffer.trim()) handleEvent(buffer, turn, index);
    }

    function handleEvent(block, turn, index) {
      let name = "message";
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (!data.length) return;
      const payload = JSON.parse(data.join("\n"));
      if (name === "meta") {
        turn.status = payload.status;
        turn.citations = payload.citations || [];
        turn.sections = payload.sections || null;
        turn.streaming = true;
        turn.turn_id = payload.turn_id;
        turn.confidence = payload.confidence;
        turn.spoken = payload.spoken || "";
        setSession(payload.session_id);
      } else if (name === "delta") {
        turn.answer += payload.text;
      } else if (name === "done") {
        turn.answer = payload.answer;
        turn.streaming = false;
      } else if (name === "error") {
        turn.error = payload.error || NETWORK_ERROR;
      }
      updateTurn(index);
    }

    askForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!input.value.trim()) {
        input.focus();
        return;
      }
      ask(input.value);
    });

    input.addEventListener("keydown", function (event) {
      // Enter sends; Shift+Enter is a new line; Enter while an input method is composing picks a candidate.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        if (askForm.requestSubmit) askForm.requestSubmit();
        else ask(input.value);
      }
    });

    // Chips are submit buttons of a plain form (so they work without scripts); here they ask in place.
    chipForm.addEventListener("click", function (event) {
      const chip = event.target.closest("button.chip");
      if (!chip) return;
      event.preventDefault();
      ask(chip.value);
    });
    chipForm.addEventListener("submit", (event) => event.preventDefault());

    // --- citations panel ---

    function openPanel(citation, opener) {
      panelOpener = opener;
      document.getElementById("cite-title").textContent = "[" + citation.n + "] " + citation.title;
      const passage = document.getElementById("cite-text");
      const paragraphs = String(citation.text || "")
        .split(/\n+/)
        .filter((p) => p.trim());
      passage.replaceChildren(...paragraphs.map((p) => el("p", { text: p })));
      document.getElementById("cite-source").textContent = citation.source;
      document.getElementById("cite-region").textContent = citation.region;
      document.getElementById("cite-effective").textContent = citation.effective;
      document.getElementById("cite-link").setAttribute("href", "/sources/" + encodeURIComponent(citation.id));
      panel.hidden = false;
      document.body.classList.add("cite-open");
      panel.focus();
    }

    function closePanel(restoreFocus) {
      if (panel.hidden) return;
      panel.hidden = true;
      document.body.classList.remove("cite-open");
      if (restoreFocus !== false && panelOpener && document.body.contains(panelOpener)) panelOpener.focus();
      panelOpener = null;
    }

    document.getElementById("cite-close").addEventListener("click", () => closePanel());
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) closePanel();
    });

    log.addEventListener("click", function (event) {
      const link = event.target.closest("a.cite");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      const turn = state.turns[Number(link.getAttribute("data-turn"))];
      const n = Number(link.getAttribute("data-n"));
      const citation = turn && (turn.citations || []).find((c) => c.n === n);
      if (!citation) return;
      event.preventDefault();
      openPanel(citation, link);
    });

    // --- 计算器 (forms post to /calculator without scripts; here they go to the JSON API) ---------------

    const calculator = document.getElementById("calculator");

    // The same headline figures as bot.http.views.calculator.figure_texts.
    function figureTexts(result) {
      const texts = [];
      if (result.months !== null && result.months !== undefined) texts.push(result.months + " 个月");
      if (result.amount !== null && result.amount !== undefined) {
        const digits = Number.isInteger(result.amount) ? 0 : 2;
        const shown = result.amount.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
        texts.push(shown + " 元");
      }
      if (result.days !== null && result.days !== undefined) texts.push(result.days + " 天");
      if (result.deadline) texts.push("截止 " + result.deadline);
      if (result.headline) texts.push(result.headline);
      return texts;
    }

    function calcCiteLink(n, byN) {
      const citation = byN.get(n);
      if (!citation) return document.createTextNode("[" + n + "]");
      return el("a", {
        className: "cite",
        href: "/sources/" + encodeURIComponent(citation.id),
        "data-n": citation.n,
        "aria-label": "第 " + citation.n + " 条依据：" + citation.title,
        text: "[" + citation.n + "]",
      });
    }

    // The same markup as the calculation_result macro in web/templates/_calculation.html.
    function calculationNodes(result) {
      const byN = new Map((result.citations || []).map((c) => [c.n, c]));
      const out = [el("h3", { className: "calc-result-title", text: result.title })];
      const figures = figureTexts(result);
      if (figures.length) out.push(el("p", { className: "calc-figure", text: figures.join("，") }));
      out.push(
        el("p", { className: "calc-formula" }, [el("span", { className: "calc-label", text: "公式" }), document.createTextNode(result.formula)])
      );
      const steps = el("ol", { className: "calc-steps" });
      for (const step of result.steps || []) {
        steps.append(
          el("li", {}, [
            document.createTextNode(step.text),
            el("span", { className: "calc-source", text: "（" + step.source + "）" }),
            step.citation ? calcCiteLink(step.citation, byN) : null,
          ])
        );
      }
      out.push(steps);
      for (const note of result.notes || []) out.push(el("p", { className: "calc-note", text: "注意：" + note }));
      for (const ask of result.asks || []) out.push(el("p", { className: "calc-ask", text: "还需要：" + ask }));
      if ((result.citations || []).length) {
        out.push(el("h4", { className: "calc-basis-title", text: "法律依据" }));
        const basis = el("ul", { className: "calc-basis" });
        for (const c of result.citations) {
          basis.append(el("li", {}, [calcCiteLink(c.n, byN), document.createTextNode(" " + c.title + "（" + c.source + "）")]));
        }
        out.push(basis);
      }
      out.push(el("p", { className: "calc-disclaimer", text: "按您填写的情况估算，仅供参考；实际金额以劳动仲裁委、法院认定为准。" }));
      return out;
    }

    // Inputs as the API takes them: empty fields left out, ticked boxes true, plain numbers as numbers. Text
    // that is not a number is sent as typed, so the server's message names the field.
    function calculatorInputs(form) {
      const inputs = {};
      for (const field of form.querySelectorAll("[data-kind]")) {
        const kind = field.getAttribute("data-kind");
        if (kind === "flag") {
          if (field.checked) inputs[field.name] = true;
          continue;
        }
        let value = field.value.trim();
        if (!value) continue;
        if (kind === "int" || kind === "number") {
          value = value.normalize("NFKC").replace(/[,\s]/g, "");
          if (/^-?\d+(\.\d+)?$/.test(value)) value = Number(value);
        }
        inputs[field.name] = value;
      }
      return inputs;
    }

    async function calculate(form) {
      const name = new FormData(form).get("calculator");
      const errorBox = form.querySelector(".calc-error");
      const resultBox = form.querySelector(".calc-result");
      const button = form.querySelector(".calc-submit");
      button.disabled = true;
      for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
      try {
        const result = await postJSON("/api/calculate/" + encodeURIComponent(name), calculatorInputs(form));
        errorBox.hidden = true;
        errorBox.textContent = "";
        resultBox.citations = result.citations || [];
        resultBox.replaceChildren(...calculationNodes(result));
        resultBox.hidden = false;
        resultBox.scrollIntoView({ block: "nearest" });
      } catch (err) {
        resultBox.hidden = true;
        resultBox.replaceChildren();
        errorBox.textContent = err && err.message && err.message !== "Failed to fetch" ? err.message : NETWORK_ERROR;
        errorBox.hidden = false;
        errorBox.scrollIntoView({ block: "nearest" });
      } finally {
        button.disabled = false;
      }
    }

    if (calculator) {
      calculator.addEventListener("submit", function (event) {
        const form = event.target.closest("form.calc-form");
        if (!form) return;
        event.preventDefault();
        closePanel(false);
        calculate(form);
      });
      calculator.addEventListener("click", function (event) {
        const link = event.target.closest("a.cite");
        if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        const box = link.closest(".calc-result");
        let citations = box && box.citations;
        if (!citations && box && box.hasAttribute("data-citations")) {
          try {
            citations = JSON.parse(box.getAttribute("data-citations"));
          } catch (err) {
            citations = null;
          }
        }
        const citation = (citations || []).find((c) => c.n === Number(link.getAttribute("data-n")));
        if (!citation) return;
        event.preventDefault();
        openPanel(citation, link);
      });
    }

    // --- feedback ---

    log.addEventListener("submit", function (event) {
      if (event.target.classList.contains("feedback")) event.preventDefault();
    });

    log.addEventListener("click", async function (event) {
      const button = event.target.closest(".feedback button[name=rating]");
      if (!button) return;
      event.preventDefault();
      const form = button.form;
      const index = Number(form.getAttribute("data-index"));
      const turn = state.turns[index];
      if (!turn) return;
      const rating = button.value;
      const commentBox = form.querySelector(".feedback-comment");
      if (rating === "down" && !button.hasAttribute("data-confirm")) {
        // Ask what was wrong first; the comment is optional.
        commentBox.hidden = false;
        button.setAttribute("aria-pressed", "true");
        commentBox.querySelector("textarea").focus();
        return;
      }
      const comment = rating === "down" ? commentBox.querySelector("textarea").value.trim() : "";
      for (const b of form.querySelectorAll("button")) b.disabled = true;
      try {
        turn.feedbackKey = turn.feedbackKey || newKey();
        await postJSON(
          "/api/feedback",
          { session_id: state.session_id, turn_id: turn.turn_id, rating: rating, comment: comment },
          turn.feedbackKey
        );
        turn.rating = rating;
        saveState();
        updateTurn(index);
        const status = log.querySelector('.turn[data-index="' + index + '"] .feedback-status');
        if (status) status.setAttribute("role", "status");
      } catch (err) {
        for (const b of form.querySelectorAll("button")) b.disabled = false;
        let note = form.querySelector(".feedback-status");
        if (!note) {
          note = el("span", { className: "feedback-status is-error", role: "alert" });
          form.append(note);
        }
        note.textContent = err.message;
      }
    });

    // --- 转人工 ---

    function openHandoff(question) {
      handoffDetails.open = true;
      handoffForm.hidden = false;
      handoffResult.hidden = true;
      const description = document.getElementById("handoff-description");
      if (question && !description.value.trim()) description.value = question;
      document.getElementById("handoff").scrollIntoView({ block: "start" });
      document.getElementById("handoff-category").focus();
    }

    document.addEventListener("click", function (event) {
      const link = event.target.closest("a.handoff-open");
      if (!link) return;
      event.preventDefault();
      // From an answer's 转人工 button, the question it could not answer starts the description.
      const article = link.closest(".turn[data-index]");
      const turn = article ? state.turns[Number(article.getAttribute("data-index"))] : null;
      openHandoff(turn ? turn.question : "");
    });

    handoffForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      const data = new FormData(handoffForm);
      const body = {
        category: data.get("category"),
        description: String(data.get("description") || "").trim(),
        phone: String(data.get("phone") || "").trim(),
        name: String(data.get("name") || "").trim(),
      };
      if (state.session_id) body.session_id = state.session_id;
      handoffError.hidden = true;
      handoffSubmit.disabled = true;
      try {
        // One key per ticket: kept while retrying after an error, replaced once the ticket is open.
        handoffKey = handoffKey || newKey();
        const result = await postJSON("/api/handoff", body, handoffKey);
        handoffKey = "";
        handoffForm.reset();
        handoffForm.hidden = true;
        handoffResult.replaceChildren(
          el("p", {}, [
            document.createTextNode("转人工成功，您的工单号："),
            el("strong", { className: "ticket-number", text: result.ticket }),
          ]),
          el("p", { text: result.message })
        );
        handoffResult.hidden = false;
        state.turns.push({ kind: "ticket", number: result.ticket, message: result.message });
        saveState();
        log.append(ticketElement(state.turns[state.turns.length - 1]));
        suggestions.hidden = true;
      } catch (err) {
        handoffError.textContent = err.message;
        handoffError.hidden = false;
        handoffError.scrollIntoView({ block: "nearest" });
      } finally {
        handoffSubmit.disabled = false;
      }
    });

    // --- 新对话 ---

    document.getElementById("new-chat").addEventListener("click", function (event) {
      event.preventDefault();
      if (busy) return;
      state = { session_id: "", turns: [] };
      writeStorage(CHAT_KEY, null);
      closePanel(false);
      alerts.replaceChildren();
      handoffForm.hidden = false;
      handoffResult.hidden = true;
      handoffError.hidden = true;
      handoffDetails.open = false;
      renderAll();
      input.value = "";
      input.focus();
    });

    adoptServerTurn();
    renderAll();
  }

  function start() {
    setupLargeText();
    setupChat();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
