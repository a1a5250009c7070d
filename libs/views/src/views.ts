import { Eta, type TemplateFunction } from 'eta';

interface Compiled {
  fn: TemplateFunction;
  filepath: string;
}

/**
 * The one view layer for pages and emails. Every `<%= %>` interpolation is
 * HTML-escaped; the only way to emit markup from data is `<%~ %>`, which
 * templates use solely for output of another template (`include`/`layout`)
 * or of a value built by this layer, so a grep for `<%~` finds every place
 * raw HTML is written.
 */
export class Views {
  private readonly eta: Eta;
  // Eta resolves a top-level template's path on every render; alerts render
  // one email per lead, so the resolved path and compiled function are kept.
  private readonly compiled = new Map<string, Compiled>();

  /** `dir`: the folder holding the `.eta` templates (compiled once, then cached). */
  constructor(dir: string) {
    this.eta = new Eta({ views: dir, cache: true, autoEscape: true, autoTrim: [false, 'nl'], useWith: false });
  }

  /** Renders `name` (a path under the views folder, without `.eta`) with `data` as `it`. */
  render<T extends object>(name: string, data: T): string {
    let template = this.compiled.get(name);
    if (!template) {
      const filepath = this.eta.resolvePath(name);
      template = { fn: this.eta.compile(this.eta.readFile(filepath), { filepath }), filepath };
      this.compiled.set(name, template);
    }
    return this.eta.render(template.fn, data, { filepath: template.filepath });
  }
}
