/** Escapes text for HTML element content and quoted attribute values (the login page prints user names). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => `&#${character.charCodeAt(0)};`);
}
