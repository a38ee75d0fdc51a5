/* Participatieladder – how many characters are left in a text area with a limit.

   The server refuses a text over the limit with "Gebruik maximaal … tekens." (forms/); the
   browser no longer cuts a pasted text silently. This script only says it sooner.

   Progressive enhancement: without JavaScript the field has the hint "Maximaal N tekens."
   (templates/_forms.html) as its description. With it, that hint stays the description for
   screen readers but is hidden from view, and a visible count takes its place: "Nog N tekens"
   or "N tekens te veel". Screen readers hear the count through a polite live region only
   when it crosses a threshold (the last tenth of the limit, and over the limit), not at
   every keystroke (WCAG 4.1.3 status messages, without the chatter).

   Counted as the server counts: surrounding whitespace off, a line break as two characters
   (the browser sends CR LF), a character outside the BMP (an emoji) as one. */
(function () {
  "use strict";

  function lengte(tekst) {
    var kern = tekst.trim();
    var regeleinden = kern.match(/\n/g);
    return Array.from(kern).length + (regeleinden ? regeleinden.length : 0);
  }

  function melding(over) {
    if (over < 0) {
      return -over + (over === -1 ? " teken" : " tekens") + " te veel";
    }
    return "Nog " + over + (over === 1 ? " teken" : " tekens");
  }

  function tel(veld) {
    var max = Number(veld.getAttribute("data-max-tekens"));
    var hint = document.getElementById(veld.id + "-teller");
    if (!max || !hint) {
      return;
    }
    var stand = document.createElement("p");
    stand.className = "veld__teller";
    stand.setAttribute("aria-hidden", "true"); // screen readers get the live region instead
    var omroep = document.createElement("p");
    omroep.className = "visueel-verborgen";
    omroep.setAttribute("aria-live", "polite");
    hint.classList.add("visueel-verborgen");
    hint.after(stand, omroep);

    function band(over) {
      if (over < 0) {
        return "te-veel";
      }
      return over <= max / 10 ? "bijna" : "ruim";
    }

    var vorige = band(max - lengte(veld.value)); // the page opens without an announcement

    function werkBij() {
      var over = max - lengte(veld.value);
      stand.textContent = melding(over);
      stand.classList.toggle("veld__teller--te-veel", over < 0);
      var nu = band(over);
      if (nu !== vorige) {
        omroep.textContent = melding(over);
        vorige = nu;
      }
    }

    veld.addEventListener("input", werkBij);
    werkBij();
  }

  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-max-tekens]"), tel);
})();
