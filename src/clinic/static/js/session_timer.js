// Follow-along timer for a rehab session: holds are counted down, repetitions are paced
// at the exercise's tempo (up, hold, down), rests between sets are counted down. Each
// exercise card carries its dose in data- attributes; nothing is sent to the server
// until the runner logs the session with the form.
(function () {
  "use strict";

  function steps(card) {
    var d = card.dataset;
    var sets = parseInt(d.sets, 10) || 1;
    var reps = parseInt(d.reps, 10) || 0;
    var hold = parseInt(d.hold, 10) || 0;
    var rest = parseInt(d.rest, 10) || 0;
    var sides = d.perSide === "1" ? ["left", "right"] : [""];
    var tempo = [parseFloat(d.up) || 2, parseFloat(d.top) || 0, parseFloat(d.down) || 2];
    var out = [];
    for (var s = 1; s <= sets; s++) {
      sides.forEach(function (side, i) {
        var label = "Set " + s + " of " + sets + (side ? ", " + side + " side" : "");
        if (hold) {
          out.push({ phase: "Hold", seconds: hold, detail: label });
        } else {
          for (var r = 1; r <= reps; r++) {
            var rep = label + ", rep " + r + " of " + reps;
            out.push({ phase: "Lift", seconds: tempo[0], detail: rep, rep: r });
            if (tempo[1] > 0) out.push({ phase: "Squeeze", seconds: tempo[1], detail: rep, rep: r });
            out.push({ phase: "Lower", seconds: tempo[2], detail: rep, rep: r });
          }
        }
        if (side && i === 0) out.push({ phase: "Switch sides", seconds: 5, detail: label });
      });
      if (s < sets && rest) out.push({ phase: "Rest", seconds: rest, detail: "Next: set " + (s + 1) });
    }
    return out;
  }

  // Only a real change touches the page: the phase and the set/rep are live regions,
  // and a screen reader repeats any text written again, four times a second.
  function setText(el, text) {
    if (el.textContent !== String(text)) el.textContent = text;
  }

  function setup(card) {
    var timer = card.querySelector(".timer");
    var phase = timer.querySelector(".timer-phase");
    var count = timer.querySelector("[data-role=count]");
    var detail = timer.querySelector("[data-role=detail]");
    var start = timer.querySelector(".timer-start");
    var stop = timer.querySelector(".timer-stop");
    var handle = null;

    function finish(text) {
      clearInterval(handle);
      handle = null;
      phase.textContent = text;
      count.textContent = "✓";
      start.hidden = false;
      stop.hidden = true;
      card.classList.remove("running");
    }

    function run() {
      var plan = steps(card);
      var index = 0;
      var left = plan.length ? plan[0].seconds : 0;
      function show() {
        var step = plan[index];
        setText(phase, step.phase);
        setText(count, Math.ceil(left));
        setText(detail, step.detail);
      }
      if (!plan.length) return finish("Nothing to time");
      start.hidden = true;
      stop.hidden = false;
      card.classList.add("running");
      show();
      handle = setInterval(function () {
        left -= 0.25;
        if (left <= 0) {
          index += 1;
          if (index >= plan.length) return finish("Done: well done");
          left = plan[index].seconds;
          if (navigator.vibrate) navigator.vibrate(60);
        }
        show();
      }, 250);
    }

    start.addEventListener("click", run);
    stop.addEventListener("click", function () { finish("Stopped"); });
  }

  document.querySelectorAll(".exercise-card").forEach(setup);

  // "Done as planned" fills an exercise's sets and reps with its prescription; the
  // fields start at 0 so that only what was done is logged. Without script the
  // buttons stay hidden and the numbers are typed.
  function fillAsPlanned(card) {
    var sets = card.querySelector("input[name^=sets_]");
    var reps = card.querySelector("input[name^=reps_]");
    if (sets) sets.value = card.dataset.sets;
    if (reps) reps.value = card.dataset.reps;
    var button = card.querySelector(".as-planned");
    if (button) button.textContent = "Done as planned ✓";
  }
  document.querySelectorAll(".exercise-card").forEach(function (card) {
    var button = card.querySelector(".as-planned");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () { fillAsPlanned(card); });
  });
  var all = document.querySelector(".all-as-planned");
  if (all) {
    all.hidden = false;
    all.addEventListener("click", function () {
      document.querySelectorAll(".exercise-card").forEach(fillAsPlanned);
    });
  }
})();
