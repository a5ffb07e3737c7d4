Unicode true
# A 64-bit setup program, like PAPPU itself. LZMA over the whole archive
# makes it about a third smaller than the default.
Target amd64-unicode
SetCompressor /SOLID lzma

## PAPPU's installer, built by `make windows` (build/windows/dist.sh) through
## `wails build -nsis`, which writes wails_tools.nsh beside this file and the
## WebView2 bootstrapper into tmp/. This file is UTF-8 with a byte order mark
## so that makensis reads its French text as UTF-8 whatever the locale.
##
## What it does:
## - installs pappu.exe into Program Files\PAPPU (for all users, as admin),
##   with a Start menu and a desktop shortcut and an entry in "Applications
##   installées" that uninstalls it;
## - checks for the Microsoft Edge WebView2 Runtime, which PAPPU's window
##   needs: when present (Windows 11, most Windows 10) nothing is downloaded;
##   when absent it offers to run Microsoft's small bootstrapper, which
##   downloads the runtime, and otherwise says how to install it offline;
## - installing over an older PAPPU replaces the program and keeps the data;
## - the uninstaller keeps the data folder (%APPDATA%\PAPPU) unless the
##   person answers Yes to a question whose default answer is No.

# Written by dist.sh: PAPPU_FILE_VERSION (a.b.c.d, the numeric version) and,
# when a certificate is given, PAPPU_SIGN_COMMAND.
!include /NONFATAL "pappu_build.nsh"
!ifndef PAPPU_FILE_VERSION
    !define PAPPU_FILE_VERSION "0.0.0.0"
!endif

!define PRODUCT_EXECUTABLE "pappu.exe"
!define UNINST_KEY_NAME "PAPPU"
!define DATA_FOLDER "PAPPU" # inside %APPDATA%, as backend/config decides

# wails_tools.nsh's messages, in French.
!define WAILS_WIN10_REQUIRED "PAPPU fonctionne sous Windows 10 ou une version plus récente."
!define WAILS_ARCHITECTURE_NOT_SUPPORTED "PAPPU ne peut pas être installé sur cet ordinateur : il faut un Windows 64 bits (x64)."

# Wails writes it in UTF-8, without a byte order mark.
!include /CHARSET=UTF8 "wails_tools.nsh"
!include "MUI2.nsh"
!include "LogicLib.nsh"

!ifdef PAPPU_SIGN_COMMAND
    # The uninstaller, then the setup program, are signed as they are written.
    !uninstfinalize '${PAPPU_SIGN_COMMAND}' = 0
    !finalize '${PAPPU_SIGN_COMMAND}' = 0
!endif

Name "${INFO_PRODUCTNAME}"
OutFile "..\..\bin\PAPPU-${INFO_PRODUCTVERSION}-installation.exe"
InstallDir "$PROGRAMFILES64\PAPPU"
BrandingText "PAPPU ${INFO_PRODUCTVERSION}"
ShowInstDetails show
ShowUninstDetails show
ManifestDPIAware true

!define MUI_ICON "..\icon.ico"
!define MUI_UNICON "..\icon.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_NOAUTOCLOSE
# No "Launch PAPPU" box: started from this elevated installer, PAPPU could
# run as the administrator who typed the password, and keep its data in that
# account rather than the desk's.
!define MUI_FINISHPAGE_TEXT "PAPPU ${INFO_PRODUCTVERSION} est installé.$\r$\n$\r$\nOuvrez-le avec le raccourci PAPPU du bureau ou du menu Démarrer.$\r$\n$\r$\nSes données sont enregistrées pour chaque compte Windows dans le dossier %APPDATA%\PAPPU ; l'écran « À propos » de PAPPU indique le chemin complet."

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "French"

# The version resource of the setup program. Windows wants four numbers.
VIProductVersion "${PAPPU_FILE_VERSION}"
VIFileVersion    "${PAPPU_FILE_VERSION}"
VIAddVersionKey /LANG=${LANG_FRENCH} "ProductName"     "${INFO_PRODUCTNAME}"
VIAddVersionKey /LANG=${LANG_FRENCH} "CompanyName"     "${INFO_COMPANYNAME}"
VIAddVersionKey /LANG=${LANG_FRENCH} "FileDescription" "Installation de ${INFO_PRODUCTNAME}"
VIAddVersionKey /LANG=${LANG_FRENCH} "ProductVersion"  "${INFO_PRODUCTVERSION}"
VIAddVersionKey /LANG=${LANG_FRENCH} "FileVersion"     "${INFO_PRODUCTVERSION}"
VIAddVersionKey /LANG=${LANG_FRENCH} "LegalCopyright"  "${INFO_COPYRIGHT}"

## WebView2 ##################################################################

# The runtime's client id, the same on every PC (Microsoft's documentation,
# "Distribute your app and the WebView2 Runtime", detection section).
!define WEBVIEW2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

!define WEBVIEW2_ASK "PAPPU a besoin du composant Microsoft Edge WebView2 pour afficher ses écrans. Il n'est pas installé sur cet ordinateur.$\r$\n$\r$\nSi l'ordinateur est connecté à Internet, cliquez sur Oui : le composant sera téléchargé depuis le site de Microsoft (plus de 100 Mo) puis installé.$\r$\n$\r$\nSinon, cliquez sur Non : PAPPU sera installé quand même, et la marche à suivre s'affichera."

!define WEBVIEW2_MANUAL "Microsoft Edge WebView2 n'est pas installé : PAPPU ne pourra pas s'ouvrir tant qu'il ne le sera pas.$\r$\n$\r$\nPour l'installer sans connexion Internet sur cet ordinateur :$\r$\n1. Sur un ordinateur connecté à Internet, ouvrez la page Microsoft Edge WebView2 du site de Microsoft (developer.microsoft.com/microsoft-edge/webview2) et téléchargez le « programme d'installation autonome » (Evergreen Standalone Installer), version x64.$\r$\n2. Copiez ce fichier sur une clé USB et lancez-le sur cet ordinateur.$\r$\n3. Ouvrez ensuite PAPPU.$\r$\n$\r$\nSi cet ordinateur a accès à Internet plus tard, il suffit aussi de relancer ce programme d'installation.$\r$\nEn cas de doute, adressez-vous à la personne qui s'occupe de l'informatique de votre structure."

# webview2Version sets $0 to the installed runtime's version, "" if none:
# per machine first, then for the current user.
Function webview2Version
    SetRegView 64
    ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_CLIENT}" "pv"
    ${If} $0 == ""
    ${OrIf} $0 == "0.0.0.0"
        ReadRegStr $0 HKCU "Software\${WEBVIEW2_CLIENT}" "pv"
    ${EndIf}
    ${If} $0 == "0.0.0.0"
        StrCpy $0 ""
    ${EndIf}
FunctionEnd

# installWebView2 does nothing when the runtime is there, so an offline PC
# that has it installs PAPPU without a question. Otherwise it offers the
# bootstrapper (it needs Internet), and says what to do if that fails.
Function installWebView2
    Call webview2Version
    ${If} $0 != ""
        DetailPrint "Microsoft Edge WebView2 est déjà installé (version $0)."
        Return
    ${EndIf}

    MessageBox MB_YESNO|MB_ICONQUESTION "${WEBVIEW2_ASK}" /SD IDYES IDNO webview2_manual
    DetailPrint "Installation de Microsoft Edge WebView2 (téléchargement depuis Internet)…"
    InitPluginsDir
    SetOutPath "$PLUGINSDIR\webview2"
    File "tmp\MicrosoftEdgeWebview2Setup.exe"
    ExecWait '"$PLUGINSDIR\webview2\MicrosoftEdgeWebview2Setup.exe" /silent /install' $1
    Call webview2Version
    ${If} $0 != ""
        DetailPrint "Microsoft Edge WebView2 est installé (version $0)."
        Return
    ${EndIf}
    DetailPrint "L'installation de Microsoft Edge WebView2 a échoué (code $1)."

  webview2_manual:
    DetailPrint "Microsoft Edge WebView2 manque : PAPPU ne s'ouvrira pas avant son installation."
    MessageBox MB_OK|MB_ICONEXCLAMATION "${WEBVIEW2_MANUAL}" /SD IDOK
FunctionEnd

## Install and update ########################################################

# pappuClosed waits until PAPPU is closed: Windows refuses to replace or
# delete a program that runs.
!macro PAPPU_CLOSED UN
Function ${UN}pappuClosed
  retry:
    IfFileExists "$INSTDIR\${PRODUCT_EXECUTABLE}" 0 closed
    ClearErrors
    FileOpen $0 "$INSTDIR\${PRODUCT_EXECUTABLE}" a
    ${If} ${Errors}
        MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "PAPPU est ouvert. Fermez PAPPU, puis cliquez sur Réessayer." /SD IDCANCEL IDRETRY retry
        Abort "PAPPU est ouvert : rien n'a été modifié."
    ${EndIf}
    FileClose $0
  closed:
FunctionEnd
!macroend
!insertmacro PAPPU_CLOSED ""
!insertmacro PAPPU_CLOSED "un."

Function .onInit
    !insertmacro wails.checkArchitecture
    # An update goes where the previous version was installed.
    SetRegView 64
    ReadRegStr $0 HKLM "${UNINST_KEY}" "InstallLocation"
    ${If} $0 != ""
        StrCpy $INSTDIR $0
    ${EndIf}
FunctionEnd

Section "PAPPU"
    !insertmacro wails.setShellContext
    Call pappuClosed
    Call installWebView2

    SetOutPath $INSTDIR
    !insertmacro wails.files

    CreateShortcut "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"
    CreateShortcut "$DESKTOP\${INFO_PRODUCTNAME}.lnk" "$INSTDIR\${PRODUCT_EXECUTABLE}"

    !insertmacro wails.associateFiles
    !insertmacro wails.associateCustomProtocols

    !insertmacro wails.writeUninstaller
    WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
SectionEnd

## Uninstall #################################################################

# removeDataIfAsked deletes the data folder only when the person answers Yes;
# No is the default, and the answer of a silent uninstall (/S). The folder is
# the one of the Windows account running the uninstaller.
Function un.removeDataIfAsked
    SetShellVarContext current
    IfFileExists "$APPDATA\${DATA_FOLDER}\*.*" 0 no_data
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "Supprimer aussi les données de PAPPU ($APPDATA\${DATA_FOLDER}) ?$\r$\n$\r$\nCe dossier contient la base de PAPPU : les dossiers des personnes reçues, les accueils et les statistiques. Si vous répondez Oui, ils seront effacés définitivement.$\r$\n$\r$\nRépondez Non pour les garder : une nouvelle installation de PAPPU les retrouvera." /SD IDNO IDYES remove_data
    DetailPrint "Les données de PAPPU sont conservées dans $APPDATA\${DATA_FOLDER}."
    Return
  remove_data:
    RMDir /r "$APPDATA\${DATA_FOLDER}"
    DetailPrint "Les données de PAPPU ont été supprimées ($APPDATA\${DATA_FOLDER})."
  no_data:
FunctionEnd

Section "uninstall"
    !insertmacro wails.setShellContext
    Call un.pappuClosed

    # Only PAPPU's own files: the folder may have been chosen by hand.
    Delete "$INSTDIR\${PRODUCT_EXECUTABLE}"
    Delete "$SMPROGRAMS\${INFO_PRODUCTNAME}.lnk"
    Delete "$DESKTOP\${INFO_PRODUCTNAME}.lnk"

    !insertmacro wails.unassociateFiles
    !insertmacro wails.unassociateCustomProtocols

    !insertmacro wails.deleteUninstaller
    RMDir $INSTDIR

    Call un.removeDataIfAsked
SectionEnd
