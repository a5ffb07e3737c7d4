// A partner's page: its details and contacts, the referrals sent to it and
// the support given to it, newest first.

import { list, partners } from "../../api";
import type { PartnerPage, PartnerSupport, ReferralRow } from "../../api";
import { append, h } from "../../components/dom";
import { button } from "../../components/form";
import { errorBox, flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { formatDate } from "../../lib/dates";
import { href, navigate } from "../../nav";
import type { Screen } from "../../nav";
import { can } from "../../session";
import { label } from "../../store";

const t = fr.partners;

export const partnerScreen: Screen = async (root, route) => {
  const id = route.params.id;
  const page = await partners.page(id);
  const p = page.partner;
  const enc = encodeURIComponent(id);

  const remove = button(t.remove, { id: "partner-remove" }, "link");
  remove.addEventListener("click", async () => {
    if (!window.confirm(t.confirmRemove)) return;
    try {
      await partners.remove(id);
      flashNext(t.removed);
      navigate("/partners");
    } catch (err) {
      remove.after(errorBox(err));
    }
  });

  append(root, [
    h("div", { class: "screen-head" },
      h("h1", { id: "partner-name" }, p.name),
      h("div", { class: "actions" },
        can("support")
          ? h("a", { href: href(`/support/new?partner=${enc}`), class: "btn btn-secondary", id: "partner-support" },
              t.recordSupport)
          : null,
        can("partner.write")
          ? [h("a", { href: href(`/partners/${enc}/edit`), class: "btn btn-primary", id: "partner-edit" }, t.edit), remove]
          : null)),
    h("p", { class: "lead", id: "partner-kind" }, page.kindLabel),
    details(page),
    contacts(page),
    can("referral") ? referralsSection(list(page.referrals)) : null,
    can("support") ? supportsSection(list(page.supports)) : null,
  ]);
};

function details(page: PartnerPage): HTMLElement {
  const p = page.partner;
  const address = [p.address, [p.postalCode, p.commune].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  const rows: [string, string | HTMLElement][] = [
    [t.organisation, p.organisation],
    [t.address, address],
    [t.phone, p.phone],
    [t.email, p.email],
    [t.website, p.website],
    [t.themes, list(p.themes).map(label.theme).join(", ")],
    [t.notes, p.notes],
  ];
  return h("section", { class: "card", "aria-labelledby": "partner-details-title" },
    h("h2", { id: "partner-details-title" }, t.details),
    h("dl", { class: "facts", id: "partner-details" },
      rows.filter(([, v]) => v !== "").flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])));
}

function contacts(page: PartnerPage): HTMLElement {
  const cs = list(page.partner.contacts);
  return h("section", { class: "card", "aria-labelledby": "partner-contacts-title" },
    h("h2", { id: "partner-contacts-title" }, t.contacts),
    cs.length === 0
      ? h("p", { class: "empty" }, t.noContacts)
      : h("ul", { id: "partner-contacts", class: "plain-list" },
          cs.map((c) => h("li", { "data-testid": "partner-contact" },
            h("strong", {}, c.name),
            [c.role, c.phone, c.email].filter(Boolean).map((x) => ` — ${x}`)))));
}

function referralsSection(rows: ReferralRow[]): HTMLElement {
  return h("section", { "aria-labelledby": "partner-referrals-title" },
    h("h2", { id: "partner-referrals-title" }, t.referralsTitle),
    rows.length === 0
      ? h("p", { class: "empty" }, t.noReferrals)
      : h("table", { class: "table", id: "partner-referrals" },
          h("thead", {}, h("tr", {},
            h("th", { scope: "col" }, t.colDay),
            h("th", { scope: "col" }, t.colPerson),
            h("th", { scope: "col" }, t.colReason),
            h("th", { scope: "col" }, t.colOutcome))),
          h("tbody", {}, rows.map((r) =>
            h("tr", { "data-testid": "partner-referral" },
              h("td", {}, formatDate(r.day)),
              h("td", {}, r.personId
                ? h("a", { href: href(`/person/${encodeURIComponent(r.personId)}`) }, r.personName || r.fileNumber)
                : h("span", { class: "muted" }, t.anonymousPerson)),
              h("td", {}, r.reason),
              h("td", { "data-testid": "partner-referral-outcome" },
                r.outcomeOn ? `${r.outcomeLabel} (${formatDate(r.outcomeOn)})` : r.outcomeLabel))))));
}

function supportsSection(rows: PartnerSupport[]): HTMLElement {
  return h("section", { "aria-labelledby": "partner-supports-title" },
    h("h2", { id: "partner-supports-title" }, t.supportsTitle),
    rows.length === 0
      ? h("p", { class: "empty" }, t.noSupports)
      : h("table", { class: "table", id: "partner-supports" },
          h("thead", {}, h("tr", {},
            h("th", { scope: "col" }, t.colDay),
            h("th", { scope: "col" }, t.colMode),
            h("th", { scope: "col" }, t.colContact),
            h("th", { scope: "col" }, t.colDuration),
            h("th", { scope: "col" }, t.colQuestion))),
          h("tbody", {}, rows.map((s) =>
            h("tr", { "data-testid": "partner-support-row" },
              h("td", {}, formatDate(s.day)),
              h("td", {}, label.supportMode(s.mode)),
              h("td", {}, s.contactName),
              h("td", { class: "num" }, s.durationMin ? t.minutes(s.durationMin) : ""),
              h("td", {}, s.question))))));
}
