/**
 * Common Spanish hypocorisms and their English and transliterated counterparts, each group
 * naming one given name. A list that says "Pepe" or "Ronald" may mean the José or Ronal of
 * another. A token may belong to several groups ("Beto" is Alberto or Roberto).
 */
const GROUPS: string[][] = [
  ['jose', 'pepe', 'pepito', 'chepe', 'joseph', 'joe', 'chema'],
  ['francisco', 'paco', 'pancho', 'curro', 'frank', 'francis', 'kiko'],
  ['francisca', 'paca', 'pancha', 'paquita'],
  ['jesus', 'chucho', 'chuy', 'chus'],
  ['guillermo', 'memo', 'guille', 'william', 'willy', 'billy', 'bill'],
  ['ronald', 'ronal', 'ronaldo', 'ron'],
  ['guadalupe', 'lupe', 'lupita'],
  ['ignacio', 'nacho'],
  ['enrique', 'quique', 'kike', 'henry', 'harry'],
  ['eduardo', 'lalo', 'edward', 'eddie', 'edy', 'eddy'],
  ['alberto', 'beto', 'albert', 'tito'],
  ['roberto', 'beto', 'robert', 'bob', 'bobby', 'rob', 'tito'],
  ['humberto', 'beto'],
  ['antonio', 'tono', 'tonio', 'anthony', 'tony'],
  ['rosario', 'charo', 'chayo'],
  ['concepcion', 'concha', 'conchita', 'conchi'],
  ['dolores', 'lola', 'lolita'],
  ['pilar', 'pili'],
  ['rafael', 'rafa', 'rafi'],
  ['manuel', 'manolo', 'manu', 'manny', 'nolo'],
  ['adolfo', 'fito'],
  ['rodolfo', 'fito', 'rudolph', 'rudy', 'rodo'],
  ['consuelo', 'chelo'],
  ['marcelo', 'chelo'],
  ['gregorio', 'goyo', 'gregory', 'greg'],
  ['juan', 'juancho', 'juanito', 'john', 'johnny', 'jon'],
  ['ramon', 'moncho', 'mon'],
  ['fernando', 'nando', 'fer', 'ferdinand'],
  ['hernando', 'nando'],
  ['alfonso', 'poncho', 'alonso'],
  ['hortensia', 'tencha'],
  ['isabel', 'chabela', 'isa', 'elizabeth', 'isabella', 'chavela'],
  ['yolanda', 'yoli'],
  ['miguel', 'michael', 'mike', 'mickey', 'migue'],
  ['pedro', 'peter', 'pete', 'perico'],
  ['carlos', 'charles', 'charlie', 'carlitos'],
  ['jaime', 'james', 'jim', 'jimmy'],
  ['jorge', 'george', 'coque'],
  ['santiago', 'santi', 'chago', 'iago'],
  ['salvador', 'chava', 'salva'],
  ['ezequiel', 'cheque', 'chequel'],
  ['gerardo', 'gera', 'gerald'],
  ['alejandro', 'alex', 'alejo', 'jano', 'alexander', 'sandro'],
  ['alejandra', 'alex', 'ale', 'sandra'],
  ['daniel', 'dani', 'danny', 'dan'],
  ['gabriel', 'gabi', 'gabo'],
  ['luis', 'lucho', 'louis', 'lewis', 'wicho'],
  ['maria', 'mari', 'mary', 'maruca'],
  ['jeffry', 'jeffrey', 'jeff', 'geoffrey'],
  ['wilmer', 'wil', 'will'],
  ['andry', 'andres', 'andrew', 'andy'],
  ['yusuf', 'yusef', 'yousef', 'youssef', 'yousif', 'youssouf', 'joseph'],
  ['muhammad', 'mohammed', 'mohamed', 'mohammad', 'mohamad', 'muhamed', 'mehmet', 'mamadou'],
  ['ahmed', 'ahmad', 'ahmet'],
  ['husayn', 'hussein', 'husein', 'hussain', 'hosein', 'hossein'],
  ['abdul', 'abdel', 'abd'],
  ['ali', 'aly'],
  ['ibrahim', 'ebrahim', 'abraham'],
  ['suleiman', 'sulayman', 'soliman', 'suleyman'],
  ['omar', 'umar', 'omer'],
];

const byToken = new Map<string, number[]>();
GROUPS.forEach((group, index) => {
  for (const name of group) byToken.set(name, [...(byToken.get(name) ?? []), index]);
});

/** The groups a folded given-name token belongs to (empty for a name with no known forms). */
export function nicknameGroups(token: string): readonly number[] {
  return byToken.get(token) ?? [];
}

/** True when the two folded tokens are forms of one given name. */
export function sameGivenName(a: string, b: string): boolean {
  const groups = nicknameGroups(a);
  return groups.length > 0 && nicknameGroups(b).some((g) => groups.includes(g));
}

/** The first name of the token's first group: a stable blocking key for all its forms. */
export function canonicalGivenName(token: string): string {
  const [first] = nicknameGroups(token);
  return first === undefined ? token : (GROUPS[first]?.[0] ?? token);
}
