package main

import "github.com/wailsapp/wails/v2/pkg/options/windows"

// webview2Instructions says how to install WebView2 on a PC without Internet;
// the installer (build/windows/installer/project.nsi) says the same.
const webview2Instructions = "Pour l'installer sans connexion Internet sur cet ordinateur :\n" +
	"1. Sur un ordinateur connecté à Internet, ouvrez la page Microsoft Edge WebView2 " +
	"du site de Microsoft (developer.microsoft.com/microsoft-edge/webview2) et " +
	"téléchargez le « programme d'installation autonome » (Evergreen Standalone " +
	"Installer), version x64.\n" +
	"2. Copiez ce fichier sur une clé USB et lancez-le sur cet ordinateur.\n" +
	"3. Ouvrez ensuite PAPPU.\n\n" +
	"En cas de doute, adressez-vous à la personne qui s'occupe de l'informatique " +
	"de votre structure."

// webview2Messages are the French texts of the dialogs Wails shows on Windows
// when the Microsoft Edge WebView2 Runtime, which draws PAPPU's window, is
// missing or too old. Wails then offers to download Microsoft's installer.
func webview2Messages() *windows.Messages {
	return &windows.Messages{
		InstallationRequired: "PAPPU a besoin du composant Microsoft Edge WebView2, " +
			"qui n'est pas installé sur cet ordinateur. Cliquez sur OK pour le " +
			"télécharger depuis le site de Microsoft et l'installer (connexion " +
			"Internet nécessaire ; l'installation se fait sans fenêtre, patientez).",
		UpdateRequired: "Le composant Microsoft Edge WebView2 de cet ordinateur est " +
			"trop ancien pour PAPPU. Cliquez sur OK pour télécharger sa mise à jour " +
			"depuis le site de Microsoft et l'installer (connexion Internet " +
			"nécessaire ; l'installation se fait sans fenêtre, patientez).",
		MissingRequirements:  "PAPPU : composant manquant",
		Webview2NotInstalled: "Microsoft Edge WebView2 n'est pas installé",
		Error:                "PAPPU : erreur",
		FailedToInstall: "Microsoft Edge WebView2 n'a pas pu être installé.\n\n" +
			webview2Instructions,
		DownloadPage: "PAPPU a besoin du composant Microsoft Edge WebView2. Cliquez " +
			"sur OK pour ouvrir sa page de téléchargement. Version minimale : ",
		PressOKToInstall: " Cliquez sur OK pour l'installer.",
		ContactAdmin: "PAPPU a besoin du composant Microsoft Edge WebView2, qui " +
			"n'est pas installé sur cet ordinateur.\n\n" + webview2Instructions,
		InvalidFixedWebview2: "Le composant Microsoft Edge WebView2 fourni avec " +
			"PAPPU est absent ou trop ancien.",
		WebView2ProcessCrash: "L'affichage de PAPPU (Microsoft Edge WebView2) " +
			"s'est arrêté. Fermez PAPPU puis rouvrez-le : tout ce qui a été " +
			"enregistré est conservé.",
	}
}
