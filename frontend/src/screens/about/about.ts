// "À propos": PAPPU's version (the one stamped at build time), where this
// computer keeps the data, to find it for a backup, and the data sets built
// into PAPPU with their licences.

import { structure } from "../../api";
import type { DataSet } from "../../api";
import { h } from "../../components/dom";
import { fr } from "../../i18n/fr";
import type { Screen } from "../../nav";

const t = fr.about;

export const aboutScreen: Screen = async (root) => {
  const about = await structure.about();
  root.append(
    h("h1", {}, t.title),
    h("section", { class: "card", "aria-labelledby": "about-version-title" },
      h("h2", { id: "about-version-title" }, t.versionTitle),
      h("p", {}, t.version, " ", h("strong", { id: "about-version", "data-testid": "about-version" }, about.version))),
    h("section", { class: "card", "aria-labelledby": "about-data-title" },
      h("h2", { id: "about-data-title" }, t.dataTitle),
      h("dl", { class: "facts" },
        h("dt", {}, t.dataDir),
        h("dd", {}, h("code", { id: "about-data-dir" }, about.dataDir)),
        h("dt", {}, t.database),
        h("dd", {}, h("code", { id: "about-database" }, about.database))),
      h("p", { class: "hint" }, t.backupHint)),
    h("section", { class: "card", "aria-labelledby": "about-licences-title" },
      h("h2", { id: "about-licences-title" }, t.licencesTitle),
      h("p", {}, t.licencesIntro),
      (about.dataSets ?? []).map(dataSet)),
  );
};

// dataSet shows one built-in data set. Addresses are text, not links: in the
// desktop window a link would replace PAPPU's own page.
function dataSet(d: DataSet): HTMLElement {
  return h("div", { class: "data-set", "data-testid": "about-data-set" },
    h("h3", {}, d.name),
    h("dl", { class: "facts" },
      h("dt", {}, t.source),
      h("dd", {}, d.source, h("br"), h("span", { class: "muted" }, d.sourceUrl)),
      h("dt", {}, t.licence),
      h("dd", {}, d.licence, h("br"), h("span", { class: "muted" }, d.licenceUrl))),
    h("p", {}, d.attribution));
}
