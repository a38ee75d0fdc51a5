/* Participatieladder – warning before the idle timeout (WCAG 2.2.1 Timing adjustable).

   The server ends a session after IDLE_TIMEOUT_MINUTES without a request (services/auth.py).
   Two minutes before that, this script shows the dialog of templates/base.html with a button
   that keeps the session open (POST /sessie/verlengen, with the page's CSRF token), without
   leaving the page, so nothing typed in a form is lost. When the time has run out anyway, the
   dialog says so and offers to log in again.

   Progressive enhancement: without JavaScript (or without <dialog>) the page is unchanged.
   Tabs of the same browser share the moment of the last activity through localStorage, so a
   user working in one tab is not warned in another. */
(function () {
  "use strict";

  var body = document.body;
  var minuten = Number(body.getAttribute("data-sessie-minuten"));
  var sjabloon = document.getElementById("sessie-waarschuwing");
  if (!minuten || !sjabloon || !("content" in sjabloon) || typeof HTMLDialogElement !== "function") {
    return;
  }

  var SECONDE = 1000;
  var MINUUT = 60 * SECONDE;
  // The server notes activity at most once every 30 seconds: its clock may have started up to
  // 30 seconds before this page was loaded.
  var MARGE = 30 * SECONDE;
  var WAARSCHUWING = 2 * MINUUT;
  var SLEUTEL = "participatieladder.sessie-actief";

  var duur = minuten * MINUUT - MARGE;
  var laatst = Date.now();
  var toestand = "actief"; // "actief" | "bijna" | "verlopen" | "gesloten" (after the end)

  // The dialog enters the page only when it is needed.
  var dialoog, bijna, verlopen, tijd, formulier, knop, fout;

  function maak() {
    dialoog = sjabloon.content.firstElementChild.cloneNode(true);
    bijna = dialoog.querySelector(".sessie__bijna");
    verlopen = dialoog.querySelector(".sessie__verlopen");
    tijd = dialoog.querySelector(".sessie__tijd");
    formulier = bijna.querySelector("form");
    knop = formulier.querySelector("button");
    fout = dialoog.querySelector(".sessie__fout");
    formulier.addEventListener("submit", function (event) {
      event.preventDefault();
      verleng();
    });
    // Escape in the warning also keeps the session open: closing it should not log out.
    dialoog.addEventListener("cancel", function (event) {
      if (toestand === "bijna") {
        event.preventDefault();
        verleng();
      } else {
        toestand = "gesloten";
      }
    });
    verlopen.querySelector(".sessie__sluiten").addEventListener("click", function () {
      dialoog.close();
      toestand = "gesloten";
    });
    body.appendChild(dialoog);
  }

  function deel(moment) {
    try {
      window.localStorage.setItem(SLEUTEL, String(moment));
    } catch (e) {
      /* storage blocked: each tab keeps its own clock */
    }
  }

  function gedeeld() {
    try {
      return Number(window.localStorage.getItem(SLEUTEL)) || 0;
    } catch (e) {
      return 0;
    }
  }

  function resterend() {
    return Math.max(laatst, gedeeld()) + duur - Date.now();
  }

  function tijdTekst(ms) {
    var hele = Math.ceil(ms / MINUUT);
    if (ms < MINUUT) {
      return "minder dan een minuut";
    }
    return hele === 1 ? "1 minuut" : hele + " minuten";
  }

  function toon(welke) {
    if (!dialoog) {
      maak();
    }
    toestand = welke;
    bijna.hidden = welke !== "bijna";
    verlopen.hidden = welke !== "verlopen";
    dialoog.setAttribute("aria-labelledby", "sessie-" + welke + "-titel");
    dialoog.setAttribute("aria-describedby", "sessie-" + welke + "-tekst");
    if (!dialoog.open) {
      dialoog.showModal();
    }
    // The first control gets focus: the button that extends, or the link to log in again.
    (welke === "bijna" ? knop : verlopen.querySelector("a")).focus();
  }

  function sluit() {
    toestand = "actief";
    if (dialoog) {
      fout.hidden = true;
      dialoog.close();
    }
  }

  function controleer() {
    var over = resterend();
    if (toestand === "verlopen") {
      return;
    }
    if (over <= 0) {
      toon("verlopen");
    } else if (over <= WAARSCHUWING) {
      if (!dialoog) {
        maak();
      }
      tijd.textContent = tijdTekst(over);
      if (toestand !== "bijna") {
        toon("bijna");
      }
    } else if (toestand === "bijna") {
      sluit(); // another tab extended the session
    }
  }

  function verleng() {
    knop.disabled = true;
    fout.hidden = true;
    window
      .fetch(formulier.action, {
        method: "POST",
        body: new FormData(formulier),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
      .then(function (antwoord) {
        if (antwoord.status === 401) {
          toon("verlopen");
          return;
        }
        if (!antwoord.ok) {
          throw new Error("HTTP " + antwoord.status);
        }
        laatst = Date.now();
        deel(laatst);
        sluit();
      })
      .catch(function () {
        fout.hidden = false;
        if (!dialoog.open) {
          dialoog.showModal(); // Escape closed it before the request failed
        }
      })
      .then(function () {
        knop.disabled = false;
      });
  }

  window.addEventListener("storage", function (event) {
    if (event.key === SLEUTEL && toestand !== "verlopen" && toestand !== "gesloten") {
      controleer();
    }
  });

  deel(laatst);
  window.setInterval(function () {
    if (toestand !== "gesloten") {
      controleer();
    }
  }, 5 * SECONDE);
})();
