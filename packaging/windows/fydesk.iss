; Inno Setup script: the per-machine Windows installer of the one-folder bundle.
; Saved as UTF-8 with a byte-order mark: without it Inno Setup reads the Chinese as ANSI.
; Built on Windows only (iscc), after PyInstaller has made dist\fydesk from packaging\fydesk.spec:
;   iscc /DAppVersion=0.1.0 packaging\windows\fydesk.iss      -> dist\fydesk-0.1.0-setup.exe
; Silent install for IT (no questions, no message boxes, no restart; /DIR= to choose the folder):
;   fydesk-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART [/DIR="D:\Apps\fydesk"]
; and /POLICY="\\server\share\policy.toml" to lay the IT policy file (docs/rollout.md) at
; %ProgramData%\fydesk\policy.toml in the same step; it stays when fydesk is removed.
; and silent removal:
;   "C:\Program Files\fydesk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; Users' data (%LOCALAPPDATA%\fydesk) is never part of the install and stays on removal.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\fydesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; The AppId ties upgrades and the uninstaller to this app: never change it.
AppId={{6F2B8C1E-4A7D-4E39-9B57-2D1C0F8A3E64}
AppName=府院联动工作台
AppVersion={#AppVersion}
AppVerName=府院联动工作台 {#AppVersion}
AppPublisher=fydesk
DefaultDirName={autopf}\fydesk
DefaultGroupName=府院联动工作台
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=fydesk-{#AppVersion}-setup
SetupIconFile=..\icons\fydesk.ico
UninstallDisplayIcon={app}\fydeskw.exe
UninstallDisplayName=府院联动工作台
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
CloseApplications=yes

[Languages]
; Chinese Simplified is an unofficial Inno Setup translation; the CI workflow fetches it next to
; this script. Without it the installer speaks English.
#ifexist "ChineseSimplified.isl"
Name: "zh_CN"; MessagesFile: "ChineseSimplified.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; Every file of the bundle; a reinstall or upgrade replaces them all.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

; The IT policy given with /POLICY=, copied from where it is at install time.
Source: "{param:POLICY}"; DestDir: "{commonappdata}\fydesk"; DestName: "policy.toml"; Flags: external ignoreversion uninsneveruninstall; Check: PolicyGiven

[InstallDelete]
; An upgrade starts from a clean folder, so no library of an older bundle lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
; fydeskw.exe is the windowed twin of fydesk.exe (no console window); fydesk.exe is the command line.
Name: "{autoprograms}\府院联动工作台"; Filename: "{app}\fydeskw.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\府院联动工作台"; Filename: "{app}\fydeskw.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\fydeskw.exe"; Description: "{cm:LaunchProgram,府院联动工作台}"; Flags: nowait postinstall skipifsilent

[Code]
function PolicyGiven: Boolean;
begin
  Result := ExpandConstant('{param:POLICY}') <> '';
end;
