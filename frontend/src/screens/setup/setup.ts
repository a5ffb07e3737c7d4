// First start: the structure, its first reception place and the first user.

import { structure } from "../../api";
import type { Setup } from "../../api";
import { h } from "../../components/dom";
import { button, field, FormErrors, textInput } from "../../components/form";
import { flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { navigate } from "../../nav";
import type { Screen } from "../../nav";
import { setContext } from "../../store";

const t = fr.setup;

export const setupScreen: Screen = (root) => {
  const inputs = {
    organisationName: textInput("setup-organisationName", "", { autocomplete: "organization" }),
    siteName: textInput("setup-siteName"),
    siteCommune: textInput("setup-siteCommune"),
    userName: textInput("setup-userName", "", { autocomplete: "name" }),
  };
  const submit = button(t.submit, { type: "submit", id: "setup-submit" }, "primary");
  const form = h(
    "form",
    { class: "card form-grid setup-form", novalidate: true, "aria-labelledby": "setup-title" },
    field(t.organisationName, inputs.organisationName, { required: true, hint: t.organisationHint, wide: true }),
    field(t.siteName, inputs.siteName, { required: true, hint: t.siteHint }),
    field(t.siteCommune, inputs.siteCommune, { required: true }),
    field(t.userName, inputs.userName, { required: true, hint: t.userHint, wide: true }),
    h("div", { class: "form-actions field-wide" }, submit),
  );
  const errors = new FormErrors(form, "setup");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    const input: Setup = {
      organisationName: inputs.organisationName.value.trim(),
      siteName: inputs.siteName.value.trim(),
      siteCommune: inputs.siteCommune.value.trim(),
      userName: inputs.userName.value.trim(),
    };
    for (const [name, value] of Object.entries(input)) {
      if (value === "") errors.set(name, t.required);
    }
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    try {
      await setContext(await structure.setup(input));
      flashNext(t.done);
      navigate("/");
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });

  root.append(
    h("h1", { id: "setup-title" }, t.title),
    h("p", { class: "lead" }, t.intro),
    form,
  );
  inputs.organisationName.focus();
};
