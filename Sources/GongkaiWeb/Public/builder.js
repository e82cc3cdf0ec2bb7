// Live checks of the annual report builder: each edit posts the form to the check operation of the API (nothing is
// saved) and shows the engine's findings.
(function () {
  var form = document.getElementById("report-form");
  if (!form) return;
  var list = document.getElementById("findings");
  var state = document.getElementById("check-state");
  var approve = document.getElementById("approve");
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var timer = null;
  var places = { error: "错误", warning: "警告", info: "提示" };
  function check() {
    var body = new URLSearchParams(new FormData(form));
    state.textContent = "（检查中…）";
    fetch(form.dataset.check, { method: "POST", body: body, headers: { "X-CSRF-Token": token }, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, json: j }; }); })
      .then(function (result) {
        if (!result.ok) {
          // The form cannot be read (a letter in a number cell…): that is the one problem to show, and nothing can be
          // signed off until it is fixed.
          list.textContent = "";
          var item = document.createElement("li");
          item.className = "error";
          item.textContent = "错误 " + result.json.error;
          list.appendChild(item);
          var empty = document.getElementById("no-findings");
          if (empty) empty.hidden = true;
          if (approve) approve.disabled = true;
          state.textContent = "（请先改正这一处）";
          return;
        }
        var findings = result.json.report.findings || [];
        var names = result.json.codeNames || {};
        list.textContent = "";
        findings.forEach(function (f) {
          var li = document.createElement("li");
          li.className = f.severity;
          var severity = document.createElement("strong");
          severity.textContent = places[f.severity] || f.severity;
          var code = document.createElement("code");
          code.className = "muted";
          code.textContent = f.code;
          li.append(severity, " " + (names[f.code] || f.code) + " ", code, " " + f.message);
          list.appendChild(li);
        });
        var none = document.getElementById("no-findings");
        if (none) none.hidden = findings.length > 0;
        // The office decides what stops a sign-off (lateness does not): the count comes with the check.
        if (approve) approve.disabled = result.json.blockingSignOff > 0;
        state.textContent = findings.length === 0 ? "（未发现问题；未保存的修改请点“保存草稿”）" : "（共 " + findings.length + " 项；已随编辑更新）";
      })
      .catch(function () { state.textContent = "（暂时无法检查）"; });
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 400); });
})();
