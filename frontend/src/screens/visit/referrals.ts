// The "Orienter vers…" block of the visit screen: partners picked from the
// directory as one types, and one reason. The referrals are saved once the
// visit is, from its id.

import { partners, referrals } from "../../api";
import type { PartnerRow } from "../../api";
import { h, replace } from "../../components/dom";
import { button, field, textArea } from "../../components/form";
import { fr } from "../../i18n/fr";
import { debounce } from "../../lib/text";

const t = fr.referrals;
const SEARCH_DELAY_MS = 150;

export interface ReferralBlock {
  el: HTMLElement;
  /** Saves the referrals of the visit; returns how many were made. */
  save(visitId: string): Promise<number>;
}

export function referralBlock(): ReferralBlock {
  const chosen = new Map<string, PartnerRow>();
  const search = h("input", {
    type: "search",
    id: "visit-referral-search",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: t.searchPlaceholder,
    "aria-controls": "visit-referral-results",
  });
  const results = h("ul", { class: "results", id: "visit-referral-results" });
  const picked = h("ul", { class: "plain-list", id: "visit-referral-chosen", "aria-live": "polite" });
  const reason = textArea("visit-referral-reason", "", 2);

  const drawChosen = () => {
    if (chosen.size === 0) {
      replace(picked, h("li", { class: "muted" }, t.noneChosen));
      return;
    }
    replace(picked, [...chosen.values()].map((p) => {
      const drop = button(t.remove, { "aria-label": t.removeLabel(p.name), "data-testid": "referral-remove" }, "link");
      drop.addEventListener("click", () => {
        chosen.delete(p.id);
        drawChosen();
      });
      return h("li", { "data-testid": "referral-chosen", "data-id": p.id }, p.name, " ", drop);
    }));
  };

  let asked = 0;
  const run = debounce(async (q: string) => {
    const n = ++asked;
    if (q.trim() === "") {
      replace(results);
      return;
    }
    try {
      const rows = await partners.search({ text: q, kind: "", theme: "", commune: "", limit: 10 });
      if (n !== asked) return;
      replace(results, rows.map((p) => {
        const add = button(t.add, { "aria-label": t.addLabel(p.name), "data-testid": "referral-add" }, "secondary");
        add.addEventListener("click", () => {
          chosen.set(p.id, p);
          drawChosen();
          search.value = "";
          replace(results);
          search.focus();
        });
        return h("li", { class: "result", "data-testid": "referral-result" },
          h("span", { class: "result-main" }, p.name, p.commune ? h("span", { class: "muted" }, ` ${p.commune}`) : null), add);
      }));
    } catch {
      // the search is a help; saving says what is wrong
    }
  }, SEARCH_DELAY_MS);
  search.addEventListener("input", () => run(search.value));
  drawChosen();

  const el = h("fieldset", { class: "field-wide", id: "visit-referral" },
    h("legend", {}, t.legend),
    h("p", { class: "hint" }, t.hint),
    field(t.searchLabel, search),
    results,
    h("p", { class: "hint" }, t.chosen),
    picked,
    field(t.reason, reason),
    h("p", { class: "field-error", id: "visit-partnerIds-error" }));

  return {
    el,
    async save(visitId: string): Promise<number> {
      if (chosen.size === 0) return 0;
      const made = await referrals.create({ visitId, personId: "", partnerIds: [...chosen.keys()],
        reason: reason.value.trim(), day: "" });
      return made.length;
    },
  };
}
