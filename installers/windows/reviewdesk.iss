; ReviewDesk for Windows: a per-user installer that needs no administrator rights.
; Inno Setup 6.6 or later (https://jrsoftware.org/isinfo.php), run on Windows.
;
; Built by `python installers\build.py --package`, which runs (from the repository root):
;   ISCC.exe /DAppVersion=0.1.0 /DAppNumericVersion=0.1.0.0 ^
;            /DBundleDir=dist\reviewdesk /DOutputDir=dist installers\windows\reviewdesk.iss
; and leaves dist\ReviewDesk-<version>-setup.exe.
;
; Installs into %LOCALAPPDATA%\Programs\ReviewDesk for the current user: no UAC prompt. IT can
; install per machine instead (Program Files, needs admin) with /ALLUSERS. Silent switches,
; Intune / SCCM notes and what the uninstaller leaves behind are in docs/installing.md:
;   ReviewDesk-<version>-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LOG="%TEMP%\reviewdesk-setup.log"
;   "%LOCALAPPDATA%\Programs\ReviewDesk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;   (add /DELETEUSERDATA=yes to the uninstaller to remove this user's reviews as well)

#if Ver < EncodeVer(6, 6, 0)
  #error This script needs Inno Setup 6.6 or later (CreateCustomForm's newer signature).
#endif
#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=0.1.0 ... (installers\build.py does this for you)
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion AppVersion
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\reviewdesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppName "ReviewDesk"
#define AppExe "ReviewDesk.exe"
#define PackProgId "ReviewDesk.Pack"

[Setup]
; The AppId identifies ReviewDesk to Windows across versions: never change it.
AppId={{D86F3C2A-0526-4A1C-AFB9-B58917B86D52}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The ReviewDesk team
AppCopyright=The ReviewDesk team. MIT licence.
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} setup
; Per user by default ({autopf} is then %LOCALAPPDATA%\Programs); /ALLUSERS on the command line
; switches to a per-machine install in Program Files for IT departments that want one.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\{#AppName}
DisableDirPage=yes
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app\reviewdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running ReviewDesk (it saves as it goes) rather than asking for a restart.
CloseApplications=yes
RestartApplications=no
ChangesAssociations=yes
SetupLogging=yes
#ifdef SignToolName
; Code signing (installers\build.py passes these when REVIEWDESK_SIGN_COMMAND is set): signs
; the setup program and the uninstaller with the command given as ISCC /S<name>=<command>.
SignTool={#SignToolName}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "Open ReviewDesk packs (.rdpack) with ReviewDesk"; GroupDescription: "File types:"

[InstallDelete]
; An upgrade replaces the previous version's files whole: a stale Qt plugin or library left
; beside new ones is a classic cause of crashes after an update. User data is never in {app}.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "A private workspace for learning from safeguarding reviews"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA is HKEY_CURRENT_USER for a per-user install (HKLM with /ALLUSERS): no admin rights needed.
Root: HKA; Subkey: "Software\Classes\.rdpack"; ValueType: string; ValueName: ""; ValueData: "{#PackProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.rdpack"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-reviewdesk-pack"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.rdpack\OpenWithProgids"; ValueType: string; ValueName: "{#PackProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackProgId}"; ValueType: string; ValueName: ""; ValueData: "ReviewDesk pack"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#PackProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".rdpack"; ValueData: ""; Tasks: associate

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ Uninstalling keeps the user's reviews unless they tick a box (and confirm), or an IT script
  passes /DELETEUSERDATA=yes to a silent uninstall. Only this user's default data folder is
  ever removed; a portable folder or REVIEWDESK_DATA_DIR elsewhere is left alone. }
var
  DeleteUserData: Boolean;

function UserDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppName}');
end;

function AskAboutUserData(): Boolean;
var
  Form: TSetupForm;
  Intro: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
  W: Integer;
begin
  Result := False;
  Form := CreateCustomForm(ScaleX(440), ScaleY(170), False, True);
  try
    Form.Caption := 'Uninstall {#AppName}';

    Intro := TNewStaticText.Create(Form);
    Intro.Parent := Form;
    Intro.AutoSize := False;
    Intro.WordWrap := True;
    Intro.Left := ScaleX(12);
    Intro.Top := ScaleY(12);
    Intro.Width := Form.ClientWidth - ScaleX(24);
    Intro.Caption := '{#AppName} will be removed from this computer. Your reviews, notes and ' +
      'backups are kept in ' + UserDataDir() + ', so nothing you have written is lost, ' +
      'and you can carry on if you install {#AppName} again.';
    Intro.AdjustHeight();

    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(12);
    Box.Top := Intro.Top + Intro.Height + ScaleY(14);
    Box.Width := Form.ClientWidth - ScaleX(24);
    Box.Height := ScaleY(17);
    Box.Caption := 'Also delete my reviews, notes and backups (this cannot be undone)';
    Box.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Caption := 'Uninstall';
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;
    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := 'Cancel';
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;
    W := Form.CalculateButtonWidth([OkButton.Caption, CancelButton.Caption]);
    OkButton.Width := W;
    CancelButton.Width := W;
    OkButton.Height := ScaleY(23);
    CancelButton.Height := ScaleY(23);
    CancelButton.Left := Form.ClientWidth - W - ScaleX(12);
    OkButton.Left := CancelButton.Left - W - ScaleX(6);
    OkButton.Top := Form.ClientHeight - ScaleY(23 + 12);
    CancelButton.Top := OkButton.Top;
    Form.ActiveControl := Box; { Enter uninstalls; the data stays unless the box is ticked }

    if Form.ShowModal() = mrOk then
    begin
      Result := True;
      if Box.Checked then
        DeleteUserData := MsgBox('Delete all your {#AppName} reviews, notes and backups in ' +
          UserDataDir() + ' for good?' + #13#10#13#10 + 'Check first that nothing in them ' +
          'still needs to be kept under your organisation''s retention rules.',
          mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
    end;
  finally
    Form.Free();
  end;
end;

function InitializeUninstall(): Boolean;
begin
  Result := True;
  DeleteUserData := False;
  if IsAdminInstallMode() then
    Exit; { a per-machine install: each user's data is theirs, not the uninstaller's }
  if UninstallSilent() then
    DeleteUserData := CompareText(ExpandConstant('{param:DELETEUSERDATA|no}'), 'yes') = 0
  else if DirExists(UserDataDir()) then
    Result := AskAboutUserData(); { Cancel stops the uninstall }
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteUserData and DirExists(UserDataDir()) then
    if not DelTree(UserDataDir(), True, True, True) then
      Log('Could not delete everything in ' + UserDataDir());
end;
