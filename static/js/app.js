/* Kaodian page behaviour: keyboard practice, exam autosave (survives reloads and lost connections),
   server-synchronised countdown. No inline scripts: everything hangs off data- attributes. */
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content;

  function collect(scope, type) {
    var q = function (sel) { return Array.prototype.slice.call(scope.querySelectorAll(sel)); };
    var own = function (el) { return type === "case" || !el.closest(".part") || el.closest(".part") === scope; };
    if (type === "single") {
      var r = q("input[type=radio]:checked").filter(own)[0];
      return r ? r.value : null;
    }
    if (type === "truefalse") {
      var t = q("input[type=radio]:checked").filter(own)[0];
      return t ? t.value === "true" : null;
    }
    if (type === "multiple") {
      var letters = q("input[type=checkbox]:checked").filter(own).map(function (c) { return c.value; }).sort().join("");
      return letters || null;
    }
    if (type === "fill") return q("input[type=text]").filter(own).map(function (i) { return i.value; });
    if (type === "case") {
      var parts = {};
      q(".part").forEach(function (p) {
        var v = collect(p, p.dataset.type);
        if (v !== null && v !== "") parts[p.dataset.part] = v;
      });
      return parts;
    }
    var area = q("textarea").filter(own)[0];
    return area ? area.value : null;
  }

  /* Put a kept (not yet sent) answer back into the page after a reload. */
  function restore(scope, type, value) {
    if (value === null || value === undefined) return;
    var own = function (el) { return type === "case" || !el.closest(".part") || el.closest(".part") === scope; };
    var inputs = Array.prototype.slice.call(scope.querySelectorAll("input, textarea")).filter(own);
    if (type === "case") {
      Array.prototype.slice.call(scope.querySelectorAll(".part")).forEach(function (p) {
        restore(p, p.dataset.type, value[p.dataset.part]);
      });
    } else if (type === "fill") {
      inputs.forEach(function (input, i) { if (value[i] !== undefined) input.value = value[i]; });
    } else if (type === "single" || type === "multiple" || type === "truefalse") {
      inputs.forEach(function (input) { input.checked = String(value).indexOf(input.value) >= 0 && (type !== "truefalse" || String(value) === input.value); });
    } else if (inputs[0]) {
      inputs[0].value = value;
    }
  }

  /* ---------------------------------------------------------------- practice keyboard */
  var practice = document.querySelector('[data-keyboard="practice"]');
  if (practice) {
    document.addEventListener("keydown", function (e) {
      var typing = /^(TEXTAREA|INPUT)$/.test(e.target.tagName) && e.target.type !== "radio" && e.target.type !== "checkbox";
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "ArrowRight" && !typing) { var n = document.querySelector('[data-role="next"]'); if (n) n.click(); return; }
      if (e.key === "ArrowLeft" && !typing) { var p = document.querySelector('[data-role="prev"]'); if (p) p.click(); return; }
      if (e.key === "Enter" && e.target.tagName !== "TEXTAREA") {
        var submit = practice.querySelector('[data-role="submit"]');
        if (submit) { e.preventDefault(); submit.click(); }
        else { var next = document.querySelector('[data-role="next"]') || document.querySelector('[data-role="finish"]'); if (next) { e.preventDefault(); next.click(); } }
        return;
      }
      if (typing) return;
      var index = "123456789".indexOf(e.key);
      if (index < 0) index = "abcdefgh".indexOf(e.key.toLowerCase());
      if (index < 0 || e.key.length !== 1) return;
      var choice = practice.querySelectorAll("input[data-key]")[index];
      if (choice && !choice.disabled) { choice.checked = choice.type === "radio" ? true : !choice.checked; e.preventDefault(); }
    });
  }

  /* ---------------------------------------------------------------- question editor */
  var editor = document.querySelector("form.editor");
  if (editor) {
    var typeSelect = document.getElementById("type-select");
    var showFields = function () {
      Array.prototype.forEach.call(editor.querySelectorAll("[data-types]"), function (block) {
        block.hidden = block.dataset.types.split(" ").indexOf(typeSelect.value) < 0;
      });
    };
    typeSelect.addEventListener("change", showFields);
    showFields();
    var previewTimers = {};
    var renderPreview = function (area) {
      var target = document.getElementById(area.dataset.preview);
      fetch(editor.dataset.previewUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ markdown: area.value })
      }).then(function (res) { return res.json(); }).then(function (data) { target.innerHTML = data.html; });
    };
    Array.prototype.forEach.call(editor.querySelectorAll("textarea[data-preview]"), function (area) {
      area.addEventListener("input", function () {
        clearTimeout(previewTimers[area.name]);
        previewTimers[area.name] = setTimeout(function () { renderPreview(area); }, 250);
      });
      renderPreview(area);
    });
  }

  /* ---------------------------------------------------------------- exam autosave */
  var form = document.getElementById("exam-form");
  if (form) {
    var state = document.getElementById("save-state");
    var storeKey = "kaodian-exam-" + form.dataset.session;
    var pending = {};
    try { pending = JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (err) { pending = {}; }
    var timers = {};
    var over = false;

    var show = function (which) { if (state) { state.textContent = state.dataset[which]; state.dataset.state = which; } };
    var keep = function () { try { localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (err) { /* private mode */ } };

    var send = function (qid) {
      if (over || !(qid in pending)) return;
      show("saving");
      var response = pending[qid];
      fetch(form.dataset.saveUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ question_id: qid, response: response })
      }).then(function (res) {
        if (res.ok || res.status === 400) {
          if (JSON.stringify(pending[qid]) === JSON.stringify(response)) delete pending[qid];
          keep();
          if (!Object.keys(pending).length) show("saved");
        } else if (res.status === 409) {
          over = true; show("late"); window.location.reload();
        } else { show("offline"); }
      }).catch(function () { show("offline"); });
    };

    var changed = function (item) {
      var qid = item.dataset.qid;
      pending[qid] = collect(item, item.dataset.type);
      keep();
      clearTimeout(timers[qid]);
      timers[qid] = setTimeout(function () { send(qid); }, item.dataset.type === "single" || item.dataset.type === "truefalse" || item.dataset.type === "multiple" ? 0 : 600);
    };
    form.addEventListener("change", function (e) { var item = e.target.closest(".exam-item"); if (item) changed(item); });
    form.addEventListener("input", function (e) { var item = e.target.closest(".exam-item"); if (item) changed(item); });
    Object.keys(pending).forEach(function (qid) {
      var item = form.querySelector('.exam-item[data-qid="' + qid + '"]');
      if (item) restore(item, item.dataset.type, pending[qid]);
    });
    var flush = function () { Object.keys(pending).forEach(send); };
    window.addEventListener("online", flush);
    setInterval(flush, 10000);
    flush();

    form.addEventListener("submit", function (e) {
      var button = document.getElementById("submit-exam");
      if (!over && e.submitter === button && !window.confirm(button.dataset.confirm)) { e.preventDefault(); return; }
      try { localStorage.removeItem(storeKey); } catch (err) { /* ignore */ }
    });

    var timer = document.getElementById("timer");
    if (timer) {
      var deadline = Date.parse(timer.dataset.deadline);
      var skew = Date.parse(timer.dataset.now) - Date.now();
      var clock = timer.querySelector(".clock");
      var tick = function () {
        var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
        var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
        clock.textContent = (h ? h + ":" : "") + (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
        timer.classList.toggle("urgent", left < 300);
        if (left === 0 && !over) { over = true; show("late"); form.submit(); }
      };
      tick();
      setInterval(tick, 1000);
    }
  }
})();
