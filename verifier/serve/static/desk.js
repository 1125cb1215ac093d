/* The desk's few lines of script: the label filter, verdicts streamed in as they are decided
   (Server-Sent Events), and sign-offs without leaving the page. Every piece of HTML it inserts
   was rendered and escaped by the server. Without script, the forms still post and the page
   shows the verdicts on reload. */
(function () {
  "use strict";
  var body = document.body;
  var runId = body.getAttribute("data-run-id");
  var filter = "all";

  function applyFilter() {
    document.querySelectorAll(".claim-wrap").forEach(function (w) {
      w.hidden = filter !== "all" && w.getAttribute("data-label") !== filter;
    });
    document.querySelectorAll("[data-filter]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === filter));
    });
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-filter]");
    if (b) { filter = b.getAttribute("data-filter"); applyFilter(); }
  });

  // A submitted article: keep the button from being pressed twice.
  document.querySelectorAll(".submit-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      var b = form.querySelector("button[type=submit]");
      if (b) { b.disabled = true; b.textContent = "Sending…"; }
    });
  });

  if (!runId) { return; }

  function setStatus(d) {
    var st = document.getElementById("run-status");
    st.textContent = d.status_text;
    st.className = "status state-" + d.status;
    body.setAttribute("data-status", d.status);
    var s = d.summary;
    var values = { total: s.done, reviewed: s.reviewed, overridden: s.overridden };
    Object.keys(s.final).forEach(function (k) { values[k] = s.final[k]; });
    document.querySelectorAll("[data-count]").forEach(function (el) {
      var k = el.getAttribute("data-count");
      if (k in values) { el.textContent = String(values[k]); }
    });
    body.setAttribute("data-after", String(s.done));
  }

  function fragment(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    return t.content.firstElementChild;
  }

  function apply(d) {
    var list = document.getElementById("claims");
    document.getElementById("article").innerHTML = d.article;
    d.claims.forEach(function (c) {
      if (document.getElementById("wrap-" + c.anchor)) { return; }
      var node = fragment(c.html);
      node.classList.add("fresh");
      list.appendChild(node);
    });
    document.getElementById("claims-empty").hidden = list.children.length > 0;
    setStatus(d);
    applyFilter();
  }

  var status = body.getAttribute("data-status");
  if ((status === "queued" || status === "running") && window.EventSource) {
    var es = new EventSource("/runs/" + runId + "/events?after=" + body.getAttribute("data-after"));
    es.addEventListener("update", function (ev) { apply(JSON.parse(ev.data)); });
    es.addEventListener("end", function (ev) { apply(JSON.parse(ev.data)); es.close(); });
  }

  function refresh(anchorId, claimId) {
    var after = body.getAttribute("data-after");
    return Promise.all([
      fetch("/runs/" + runId + "/claim?claim_id=" + encodeURIComponent(claimId),
            { credentials: "same-origin" }).then(function (r) { return r.text(); }),
      fetch("/runs/" + runId + "/state?after=" + after,
            { credentials: "same-origin" }).then(function (r) { return r.json(); })
    ]).then(function (res) {
      var old = document.getElementById("wrap-" + anchorId);
      var node = fragment(res[0]);
      old.replaceWith(node);
      document.getElementById("article").innerHTML = res[1].article;
      setStatus(res[1]);
      applyFilter();
      return node;
    });
  }

  // Sign-off: the same request a newsroom system makes (POST /api/runs/ID/reviews).
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList.contains("review-form")) { return; }
    e.preventDefault();
    var wrap = form.closest(".claim-wrap");
    var msg = form.querySelector(".form-msg");
    var accept = e.submitter && e.submitter.value === "accept";
    var label = accept ? wrap.getAttribute("data-label") : form.elements.label.value;
    var note = form.elements.note.value.trim();
    if (accept && !note) { note = "Accepted."; }
    if (!note) {
      msg.className = "form-msg bad";
      msg.textContent = "Say why in the note: it goes into the audit trail.";
      form.elements.note.focus();
      return;
    }
    var claimId = form.elements.claim_id.value;
    msg.className = "form-msg";
    msg.textContent = "Saving…";
    fetch("/api/runs/" + runId + "/reviews", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ claim_id: claimId, label: label, note: note })
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, body: j }; });
    }).then(function (res) {
      if (!res.ok) {
        msg.className = "form-msg bad";
        msg.textContent = res.body.error ? res.body.error.message : "The review was not saved.";
        return;
      }
      var rv = res.body;
      return refresh(wrap.getAttribute("data-anchor"), claimId).then(function (node) {
        var m = node.querySelector(".form-msg");
        m.className = "form-msg ok";
        m.textContent = (rv.before === rv.after ? "Confirmed " : "Changed " + rv.before + " → ") +
          rv.after + " by " + rv.editor + " at " + rv.at + ".";
      });
    }).catch(function () {
      msg.className = "form-msg bad";
      msg.textContent = "The server did not answer; the review may not be saved. Reload to check.";
    });
  });
})();
