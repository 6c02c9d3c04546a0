// Live Q&A: polls the question list (If-None-Match keeps idle polls nearly free) and upvotes
// without a page reload. Without JavaScript the forms post and the page reloads.
(function () {
  "use strict";
  var list = document.getElementById("questions");
  if (!list) { return; }
  var url = list.dataset.jsonUrl;
  var nowMode = list.dataset.mode === "now";
  // The moderators' list holds hidden questions the public JSON leaves out: it reloads on a change.
  var moderateMode = list.dataset.mode === "moderate";
  var status = document.getElementById("live-status");
  var etag = null;
  var seenVersion = list.dataset.version || null;
  var INTERVAL = 3000;
  var TOP = 5;

  function upvoteUrl(id) {
    return url.replace(/questions\.json$/, "questions/" + id + "/upvote/");
  }

  function render(questions) {
    var items = nowMode ? questions.filter(function (q) { return !q.answered; }).slice(0, TOP) : questions;
    var fragment = document.createDocumentFragment();
    items.forEach(function (q) {
      var li = document.createElement("li");
      li.className = "question" + (q.pinned ? " pinned" : "") + (q.answered ? " answered" : "");
      li.dataset.id = q.id;
      var text = document.createElement("p");
      text.className = "q-text";
      text.textContent = q.text;
      var meta = document.createElement("p");
      meta.className = "q-meta";
      var name = document.createElement("span");
      name.className = "q-name";
      name.textContent = q.name || "Anonymous";
      meta.appendChild(name);
      if (nowMode) {
        meta.appendChild(document.createTextNode(" · " + q.upvotes + " upvotes"));
      }
      [["pinned", q.pinned], ["answered", q.answered]].forEach(function (flag) {
        if (flag[1]) {
          var badge = document.createElement("span");
          badge.className = "badge";
          badge.textContent = flag[0];
          meta.appendChild(document.createTextNode(" · "));
          meta.appendChild(badge);
        }
      });
      li.appendChild(text);
      li.appendChild(meta);
      if (!nowMode) {
        var form = document.createElement("form");
        form.method = "post";
        form.action = upvoteUrl(q.id);
        form.className = "upvote-form";
        var button = document.createElement("button");
        button.type = "submit";
        button.className = "upvote";
        button.setAttribute("aria-label", "Upvote: " + q.text.slice(0, 60));
        var arrow = document.createElement("span");
        arrow.setAttribute("aria-hidden", "true");
        arrow.textContent = "▲ ";
        var votes = document.createElement("span");
        votes.className = "q-votes";
        votes.textContent = q.upvotes;
        button.appendChild(arrow);
        button.appendChild(votes);
        form.appendChild(button);
        li.appendChild(form);
      }
      fragment.appendChild(li);
    });
    if (!items.length) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = nowMode ? "No open questions." : "No questions yet. Be the first to ask.";
      fragment.appendChild(empty);
    }
    list.replaceChildren(fragment);
  }

  function poll() {
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(url, { headers: headers, cache: "no-cache" }).then(function (response) {
      if (response.status === 304) { return null; }
      if (!response.ok) { throw new Error(response.status); }
      etag = response.headers.get("ETag");
      return response.json();
    }).then(function (data) {
      if (data && moderateMode) {
        if (seenVersion && seenVersion !== data.version) { window.location.reload(); return; }
        seenVersion = data.version;
      } else if (data) { render(data.questions); }
      if (status) { status.textContent = ""; }
    }).catch(function () {
      if (status) { status.textContent = "Live updates paused; reload the page for the latest questions."; }
    }).finally(function () {
      window.setTimeout(poll, INTERVAL);
    });
  }

  function say(message) {
    if (status) { status.textContent = message; }
  }

  list.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("upvote-form")) { return; }
    event.preventDefault();
    fetch(form.action, {
      method: "POST", body: new FormData(form), headers: { "Accept": "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        form.querySelector(".q-votes").textContent = result.data.upvotes;
        form.querySelector("button").disabled = true;
        say("Upvoted.");
      } else {
        say(result.data.message);
      }
    }).catch(function () { form.submit(); });
  });

  window.setTimeout(poll, INTERVAL);
})();
