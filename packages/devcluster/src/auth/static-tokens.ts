import { readFileSync } from 'node:fs';
import type { UserInfo } from '../types.js';

/** Splits one CSV line, honouring double quotes (the groups column is quoted). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (char === ',' && !quoted) {
      fields.push(current);
      current = '';
    } else current += char;
  }
  fields.push(current);
  return fields.map((field) => field.trim());
}

/**
 * Reads a token file as kube-apiserver's --token-auth-file does: `token,user,uid,"g1,g2"`,
 * one per line, blank lines and `#` comments skipped.
 */
export function parseTokenFile(text: string, source: string): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const [token = '', username = '', uid = '', groups = ''] = csvFields(line);
    if (!token || !username) {
      throw new Error(
        `${source}:${index + 1}: each line needs at least a token and a user name (token,user,uid,"group1,group2")`,
      );
    }
    const user: UserInfo = {
      username,
      groups: groups
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    };
    if (uid) user.uid = uid;
    tokens.set(token, user);
  });
  return tokens;
}

export function readTokenFile(path: string): Map<string, UserInfo> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the token file ${path}: ${(error as Error).message}`);
  }
  return parseTokenFile(text, path);
}
