// Polls the build status while a rebuild runs, so staff see progress without reloading.
(function () {
  "use strict";
  var box = document.getElementById("index-status");
  if (!box) return;
  var labels = { idle: "空闲", running: "进行中", succeeded: "已完成", failed: "失败" };
  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
  function render(data) {
    field("version").textContent = data.version || "";
    field("built_at").textContent = data.built_at || "";
    field("counts").textContent = [data.snippets, data.chunks, data.vectors].join(" / ");
    var b = data.build || {};
    var text = labels[b.state] || b.state || "";
    if (b.state === "running" && b.total) text += "（" + b.done + " / " + b.total + "）";
    if (b.error) text += "：" + b.error;
    field("build").textContent = text;
    return b.state === "running";
  }
  function poll() {
    fetch(box.dataset.endpoint, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && render(data)) setTimeout(poll, 1000); })
      .catch(function () {});
  }
  poll();
})();
