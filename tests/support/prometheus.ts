/** Scrapes a Prometheus text endpoint and reads its samples. */
export async function scrape(url: string, token: string): Promise<{ status: number; contentType: string | null; samples: Samples }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), samples: new Samples(text) };
}

/** Samples of Prometheus' text format (`name{label="value",…} number`), by name and labels. */
export class Samples {
  private readonly lines: Array<{ name: string; labels: Record<string, string>; value: number }> = [];

  constructor(text: string) {
    for (const line of text.split('\n')) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) continue;
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key!, value!]));
      this.lines.push({ name: match[1]!, labels, value: Number(match[3]) });
    }
  }

  /** The value of the sample with this name whose labels include these; undefined when there is none. */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    return this.lines.find((line) => line.name === name && Object.entries(labels).every(([key, value]) => line.labels[key] === value))?.value;
  }

  /** Every sample of this name. */
  all(name: string): Array<{ labels: Record<string, string>; value: number }> {
    return this.lines.filter((line) => line.name === name).map(({ labels, value }) => ({ labels, value }));
  }
}
