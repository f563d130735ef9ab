// The review workspace, keyboard-first. Enter accepts (or saves what was typed), typing replaces (the value is
// selected on focus), Tab moves on, Ctrl+Enter approves, Alt+R rejects, Alt+S asks for a rescan, F2 shows the
// whole page image. Every write names the document version it was made on: a 409 means someone else changed it.
(function () {
  "use strict";
  var doc = document.getElementById("doc");
  if (!doc) return;
  var id = doc.dataset.id;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var banner = document.getElementById("banner");
  var busy = false;

  function say(text, kind) {
    banner.textContent = text;
    banner.className = kind || "info";
    banner.hidden = false;
  }

  function post(path, body) {
    return fetch("/v1/documents/" + id + path, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) { return {status: r.status, data: data}; });
    });
  }

  function version() { return parseInt(doc.dataset.version, 10); }

  function setVersion(d) {
    doc.dataset.version = d.version;
    document.getElementById("version").textContent = d.version;
    document.getElementById("state").textContent = d.review_state;
  }

  function failed(res) {
    if (res.status === 409) {
      say("Tài liệu đã được người khác thay đổi — hãy tải lại trang (F5). / " +
          "Someone else changed this document — reload the page (F5).", "error");
    } else {
      var e = (res.data && res.data.error) || {};
      say((e.message || "Lỗi / Error") + " [" + res.status + "]", "error");
    }
  }

  function text(tag, content, cls) {
    var el = document.createElement(tag);
    el.textContent = content;
    if (cls) el.className = cls;
    return el;
  }

  function showChecks(checks) {
    var list = document.getElementById("checks");
    list.textContent = "";
    checks.forEach(function (c) {
      var words = {agrees: "khớp / agrees", warning: "lưu ý / warning", conflicts: "mâu thuẫn / conflicts"};
      var li = text("li", "", "check " + c.state);
      li.appendChild(text("strong", c.label_vi));
      li.appendChild(document.createTextNode(" (" + c.label_en + "): " + words[c.state]));
      if (c.findings.length) {
        var ul = document.createElement("ul");
        c.findings.forEach(function (f) { ul.appendChild(text("li", f.message)); });
        li.appendChild(ul);
      }
      list.appendChild(li);
    });
    if (!checks.length) list.appendChild(text("li", "Không có kiểm tra nào áp dụng. / No check applies."));
  }

  function fields() { return Array.prototype.slice.call(document.querySelectorAll(".field")); }

  function focusNext(from) {
    var all = fields();
    var start = from ? all.indexOf(from) + 1 : 0;
    var rest = all.slice(start).concat(all.slice(0, start));
    var next = rest.filter(function (f) { return f.dataset.status !== "ok" && f !== from; })[0];
    if (next) {
      next.querySelector(".value").focus();
    } else {
      say("Mọi trường đã được xác nhận — Ctrl+Enter để duyệt. / Every field is confirmed — Ctrl+Enter approves.",
          "info");
      document.getElementById("approve").focus();
    }
  }

  function save(box) {
    if (busy) return;
    var input = box.querySelector(".value");
    var name = box.dataset.field;
    busy = true;
    post("/fields/" + encodeURIComponent(name), {value: input.value, expected_version: version()})
      .then(function (res) {
        busy = false;
        if (res.status !== 200) { failed(res); return; }
        var d = res.data.document;
        setVersion(d);
        var f = d.document.fields[name];
        box.dataset.status = f.status;
        box.className = "field status-" + f.status + " saved";
        box.querySelector(".status").textContent = f.status === "ok" ? "Đạt / OK" : f.status;
        box.querySelector(".confidence").textContent = Number(f.confidence).toFixed(2);
        box.querySelector(".source").textContent = f.source;
        var issues = box.querySelector(".issues");
        if (issues && f.status === "ok") issues.remove();
        input.dataset.original = input.value;
        var hist = box.querySelector(".history ol");
        hist.appendChild(text("li", "vừa xong / just now · " + (f.value || "∅") + " (" + f.status + ")"));
        var count = box.querySelector(".history .count");
        count.textContent = String(parseInt(count.textContent, 10) + 1);
        showChecks(res.data.checks);
        banner.hidden = true;
        focusNext(box);
      })
      .catch(function () { busy = false; say("Mất kết nối / Connection lost", "error"); });
  }

  function decide(path, body, done) {
    if (busy) return;
    busy = true;
    body.expected_version = version();
    post(path, body).then(function (res) {
      busy = false;
      if (res.status !== 200) { failed(res); return; }
      setVersion(res.data.document);
      if (res.data.checks) showChecks(res.data.checks);
      say(done, "ok");
      var next = doc.dataset.next;
      setTimeout(function () {
        window.location.href = next ? "/review/documents/" + next : "/review";
      }, 600);
    }).catch(function () { busy = false; say("Mất kết nối / Connection lost", "error"); });
  }

  function togglePage() {
    var view = document.getElementById("page-view");
    var img = view.querySelector("img");
    if (!img.src) img.src = img.dataset.src;
    view.hidden = !view.hidden;
    if (!view.hidden) view.focus();
    else focusNext(null);
  }

  fields().forEach(function (box) {
    var input = box.querySelector(".value");
    input.addEventListener("focus", function () { input.select(); box.classList.add("current"); });
    input.addEventListener("blur", function () { box.classList.remove("current"); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.ctrlKey && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        save(box);
      }
    });
  });

  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.ctrlKey) {
      e.preventDefault();
      decide("/approve", {}, "Đã duyệt / Approved");
    } else if (e.altKey && (e.key === "r" || e.key === "R")) {
      e.preventDefault();
      decide("/decision", {decision: "rejected"}, "Đã từ chối / Rejected");
    } else if (e.altKey && (e.key === "s" || e.key === "S")) {
      e.preventDefault();
      decide("/decision", {decision: "rescan_requested"}, "Đã yêu cầu quét lại / Rescan requested");
    } else if (e.key === "F2") {
      e.preventDefault();
      togglePage();
    } else if (e.key === "Escape" && !document.getElementById("page-view").hidden) {
      togglePage();
    }
  });

  document.getElementById("approve").addEventListener("click", function () {
    decide("/approve", {}, "Đã duyệt / Approved");
  });
  document.getElementById("reject").addEventListener("click", function () {
    decide("/decision", {decision: "rejected"}, "Đã từ chối / Rejected");
  });
  document.getElementById("rescan").addEventListener("click", function () {
    decide("/decision", {decision: "rescan_requested"}, "Đã yêu cầu quét lại / Rescan requested");
  });
  document.getElementById("show-page").addEventListener("click", togglePage);

  focusNext(null);
})();
