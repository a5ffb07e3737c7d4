// The referrals still waiting for an outcome, the oldest first; each row
// sets its outcome (pris en charge, refusé, sans nouvelles) in place.

import { referrals } from "../../api";
import type { ReferralRow } from "../../api";
import { h, replace } from "../../components/dom";
import { button, select } from "../../components/form";
import { errorBox } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { formatDate } from "../../lib/dates";
import { href } from "../../nav";
import type { Screen } from "../../nav";
import { label, ref } from "../../store";

const t = fr.referrals;

export const pendingScreen: Screen = async (root) => {
  const status = h("div", { id: "referrals-status", role: "status" });
  const body = h("div", { id: "referrals-body" });
  root.append(h("h1", {}, t.title), h("p", { class: "lead" }, t.intro), status, body);

  const draw = async () => {
    const rows = await referrals.pending();
    replace(body, rows.length === 0 ? h("p", { class: "empty", id: "referrals-empty" }, t.empty) : table(rows));
  };

  function table(rows: ReferralRow[]): HTMLElement {
    return h("table", { class: "table", id: "referrals-table" },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, t.colDay),
        h("th", { scope: "col" }, t.colPerson),
        h("th", { scope: "col" }, t.colPartner),
        h("th", { scope: "col" }, t.colReason),
        h("th", { scope: "col" }, t.colAge),
        h("th", { scope: "col" }, t.colOutcome))),
      h("tbody", {}, rows.map(row)));
  }

  function row(r: ReferralRow): HTMLElement {
    const who = r.personId ? r.personName || r.fileNumber : t.anonymousPerson;
    const outcomes = ref.referralOutcomes().filter((o) => o.code !== "pending")
      .map((o) => ({ value: o.code, label: o.label }));
    const pick = select(`referral-outcome-${r.id}`, outcomes, outcomes[0]?.value ?? "");
    pick.setAttribute("aria-label", t.outcomeLabel(who));
    const set = button(t.set, { "data-testid": "referral-set" }, "secondary");
    set.addEventListener("click", async () => {
      set.disabled = true;
      try {
        const done = await referrals.setOutcome(r.id, pick.value);
        replace(status, h("p", { class: "flash" }, t.done(done.outcomeLabel || label.referralOutcome(done.outcome))));
        await draw();
      } catch (err) {
        replace(status, errorBox(err));
        set.disabled = false;
      }
    });
    return h("tr", { "data-testid": "referral-row", "data-id": r.id },
      h("td", {}, formatDate(r.day)),
      h("td", {}, r.personId
        ? h("a", { href: href(`/person/${encodeURIComponent(r.personId)}`) }, who)
        : h("span", { class: "muted" }, who)),
      h("td", {}, h("a", { href: href(`/partners/${encodeURIComponent(r.partnerId)}`) }, r.partnerName)),
      h("td", {}, r.reason),
      h("td", {}, t.age(r.ageDays)),
      h("td", {}, h("div", { class: "inline-form" }, pick, set)));
  }

  await draw();
};
