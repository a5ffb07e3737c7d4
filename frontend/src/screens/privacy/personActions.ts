// The rights of a person, on their file, for the roles that handle privacy
// requests: the right-of-access export (PDF and JSON) and erasure on
// request. The person screen calls appendPrivacyActions once; everything
// else lives here.

import { inWindow, privacy } from "../../api";
import type { Person, PersonExportFiles } from "../../api";
import { askConfirm } from "../../components/confirm";
import { h, replace } from "../../components/dom";
import { button } from "../../components/form";
import { errorBox, flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { navigate } from "../../nav";
import { can } from "../../session";

const t = fr.privacy;

/** Appends the two buttons to container when the user's role allows them. */
export function appendPrivacyActions(container: HTMLElement, person: Person): void {
  if (!can("privacy.request") || !person.id) return;
  const exportBtn = button(t.exportButton, { id: "person-export", "data-testid": "person-export" });
  const anonymiseBtn = button(t.anonymiseButton, { id: "person-anonymise", "data-testid": "person-anonymise" });
  const result = h("div", { id: "person-privacy-result", role: "status", "aria-live": "polite" });
  const section = h(
    "section",
    { class: "card person-privacy", id: "person-privacy", "aria-labelledby": "person-privacy-title" },
    h("h2", { id: "person-privacy-title" }, t.actionsTitle),
    h("div", { class: "form-actions" }, exportBtn, anonymiseBtn),
    result,
  );
  container.append(section);

  exportBtn.addEventListener("click", async () => {
    exportBtn.disabled = true;
    replace(result, h("p", { class: "muted" }, t.exporting));
    try {
      const files = await privacy.exportPerson(person.id);
      replace(result, h("p", { class: "flash" }, t.exported(files.fileNumber)), await deliver(files));
    } catch (err) {
      replace(result, errorBox(err));
    } finally {
      exportBtn.disabled = false;
    }
  });

  anonymiseBtn.addEventListener("click", async () => {
    const yes = await askConfirm(section, {
      id: "person-anonymise-confirm",
      title: t.confirmTitle,
      text: t.confirmText(person.fileNumber),
      yes: t.confirmYes,
      no: t.confirmNo,
    });
    if (!yes) {
      anonymiseBtn.focus();
      return;
    }
    anonymiseBtn.disabled = true;
    try {
      await privacy.anonymise(person.id);
      flashNext(t.anonymised(person.fileNumber));
      navigate(`/person/${encodeURIComponent(person.id)}`);
    } catch (err) {
      replace(result, errorBox(err));
      anonymiseBtn.disabled = false;
    }
  });
}

/**
 * Hands the two files to the user: in the desktop window through the
 * system's save dialog (a download there may go nowhere visible), in a
 * browser as downloads, with links to fetch them again.
 */
async function deliver(files: PersonExportFiles): Promise<HTMLElement> {
  const both = [
    { name: files.pdfName, data: files.pdf, type: "application/pdf" },
    { name: files.jsonName, data: files.json, type: "application/json" },
  ];
  if (inWindow()) {
    const saved: string[] = [];
    for (const f of both) {
      const path = await privacy.saveFile(f.name, f.data);
      if (path) saved.push(path);
    }
    return h("ul", { id: "person-export-saved" }, saved.map((p) => h("li", {}, t.savedTo(p))));
  }
  const links = both.map((f) =>
    h("a", { href: `data:${f.type};base64,${f.data}`, download: f.name, class: "btn btn-link", "data-testid": "person-export-link" }, t.download(f.name)),
  );
  links.forEach((a) => a.click());
  return h("p", { id: "person-export-links" }, links);
}
