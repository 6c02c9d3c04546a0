// Drag-and-drop ranking on top of the rank-number inputs, which stay the form's truth: dropping a
// paper onto a tier ties it with that tier, onto "new rank" places it in a rank of its own, onto
// "unranked" leaves it unranked. Typing numbers (the keyboard path) redraws the board as they are typed, so it never shifts under a click.
(function () {
  "use strict";
  var form = document.getElementById("ballot-form");
  var board = document.getElementById("ballot-board");
  if (!form || !board) { return; }
  var inputs = Array.prototype.slice.call(form.querySelectorAll(".rank-input"));
  var titles = {};
  form.querySelectorAll(".ballot-row").forEach(function (row) {
    titles[row.dataset.paper] = "#" + row.dataset.paper + " " + row.querySelector(".ballot-title").textContent;
  });

  function ranks() {
    var tiers = {}, unranked = [];
    inputs.forEach(function (input) {
      var value = parseInt(input.value, 10);
      if (isNaN(value)) { unranked.push(input.dataset.paper); } else { (tiers[value] = tiers[value] || []).push(input.dataset.paper); }
    });
    var order = Object.keys(tiers).map(Number).sort(function (a, b) { return a - b; });
    return { tiers: order.map(function (k) { return tiers[k]; }), unranked: unranked };
  }

  function write(tiers) {
    var rankOf = {};
    tiers.forEach(function (tier, i) { tier.forEach(function (paper) { rankOf[paper] = i + 1; }); });
    inputs.forEach(function (input) { input.value = rankOf[input.dataset.paper] || ""; });
  }

  function zone(label, papers, tierKey) {
    var box = document.createElement("section");
    box.className = "ballot-tier" + (tierKey.indexOf("new") === 0 ? " new-tier" : "");
    box.dataset.tier = tierKey;
    var heading = document.createElement("h3");
    heading.textContent = label;
    box.appendChild(heading);
    var list = document.createElement("ul");
    papers.forEach(function (paper) {
      var card = document.createElement("li");
      card.className = "ballot-card";
      card.draggable = true;
      card.dataset.paper = paper;
      card.textContent = titles[paper];
      card.addEventListener("dragstart", function (event) {
        event.dataTransfer.setData("text/plain", paper);
        card.classList.add("dragging");
      });
      card.addEventListener("dragend", function () { card.classList.remove("dragging"); });
      list.appendChild(card);
    });
    box.appendChild(list);
    box.addEventListener("dragover", function (event) { event.preventDefault(); box.classList.add("drop-target"); });
    box.addEventListener("dragleave", function () { box.classList.remove("drop-target"); });
    box.addEventListener("drop", function (event) {
      event.preventDefault();
      drop(event.dataTransfer.getData("text/plain"), tierKey);
    });
    return box;
  }

  function drop(paper, tierKey) {
    var state = ranks();
    var tiers = state.tiers.map(function (tier) { return tier.filter(function (p) { return p !== paper; }); });
    if (tierKey.indexOf("new-") === 0) {
      tiers.splice(parseInt(tierKey.slice(4), 10), 0, [paper]);
    } else if (tierKey !== "unranked") {
      tiers[parseInt(tierKey, 10)].push(paper);
    }
    write(tiers.filter(function (tier) { return tier.length; }));
    draw();
  }

  function draw() {
    var state = ranks();
    board.textContent = "";
    board.appendChild(zone("Drop here for a new first rank", [], "new-0"));
    state.tiers.forEach(function (tier, i) {
      board.appendChild(zone("Rank " + (i + 1) + (tier.length > 1 ? " (tie)" : ""), tier, String(i)));
      board.appendChild(zone("Drop here for a new rank " + (i + 2), [], "new-" + (i + 1)));
    });
    board.appendChild(zone("Unranked (ties below every ranked paper)", state.unranked, "unranked"));
  }

  inputs.forEach(function (input) { input.addEventListener("input", draw); });
  board.hidden = false;
  draw();
}());
