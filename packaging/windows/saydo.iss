; The Windows installer around the PyInstaller folder (dist\saydo, from packaging/saydo.spec). Built by
; .github/workflows/package.yml with Inno Setup 6: iscc /DAppVersion=0.1.0 /DDist=dist\saydo packaging\windows\saydo.iss
; Not built or run on the machine this was written on (docs/install.md says what was checked and what was not).
; Per-user by default (no administrator rights), like the app's own data and login item.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef Dist
  #define Dist "..\..\dist\saydo"
#endif

[Setup]
AppId={{6E1D5C3A-5A1B-4C8E-9B1E-5A7D0C2F9A11}
AppName=saydo
AppVersion={#AppVersion}
AppPublisher=saydo
DefaultDirName={autopf}\saydo
DefaultGroupName=saydo
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=saydo-{#AppVersion}-windows-x64-setup
; The model weights hardly compress: a fast setting saves minutes for a few percent.
Compression=lzma2/fast
SolidCompression=no
UninstallDisplayIcon={app}\saydo-app.exe
UninstallDisplayName=saydo

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Dist}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\saydo"; Filename: "{app}\saydo-app.exe"; Parameters: "app"
Name: "{group}\{cm:UninstallProgram,saydo}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\saydo"; Filename: "{app}\saydo-app.exe"; Parameters: "app"; Tasks: desktopicon

[Registry]
; Starting at login is the user's choice in Settings (the per-user Run key, app/ui/autostart.py); an uninstall
; removes that value too, so no login item points at a deleted program. Records and settings stay in
; %LOCALAPPDATA%\saydo: they are the user's.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: none; ValueName: "saydo"; Flags: uninsdeletevalue

[Run]
Filename: "{app}\saydo-app.exe"; Parameters: "app"; Description: "{cm:LaunchProgram,saydo}"; Flags: nowait postinstall skipifsilent
