/** Who entered and who left, from the previous and the current member sets (pure). */
export function diffMembership(previous: ReadonlySet<number>, current: ReadonlySet<number>): { entered: number[]; left: number[] } {
  const entered: number[] = [];
  const left: number[] = [];
  for (const id of current) if (!previous.has(id)) entered.push(id);
  for (const id of previous) if (!current.has(id)) left.push(id);
  entered.sort((a, b) => a - b);
  left.sort((a, b) => a - b);
  return { entered, left };
}
