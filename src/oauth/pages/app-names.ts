/** Display names of the MCP clients people know by name, keyed by their redirect URI scheme. */
const APP_NAMES: Record<string, string> = {
  cursor: 'Cursor',
  vscode: 'Visual Studio Code',
  'vscode-insiders': 'Visual Studio Code Insiders',
  vscodium: 'VSCodium',
  windsurf: 'Windsurf',
  claude: 'Claude',
  zed: 'Zed',
  kiro: 'Kiro',
  trae: 'Trae',
  goose: 'Goose',
  raycast: 'Raycast',
  jetbrains: 'JetBrains IDE',
};

/**
 * The client application's name for the pages, from its redirect URI. Unknown schemes are not shown
 * as names: a self-registered client chooses its scheme and must not pose as someone else.
 */
export function appNameForRedirectUri(redirectUri: string): string {
  const scheme = URL.canParse(redirectUri) ? new URL(redirectUri).protocol.slice(0, -1).toLowerCase() : '';
  return Object.hasOwn(APP_NAMES, scheme) ? (APP_NAMES[scheme] as string) : 'your application';
}
