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
    // Includes and layouts resolve their path on every render too (a JSON
    // key and path arithmetic each): the folder is fixed, so each answer is
    // kept, per including file and name. A path outside the folder still throws.
    const resolve = this.eta.resolvePath!;
    const resolved = new Map<string, string>();
    this.eta.resolvePath = function (template, options) {
      const key = `${options?.filepath ?? ''}\0${template}`;
      let path = resolved.get(key);
      if (path === undefined) {
        path = resolve.call(this, template, options);
        resolved.set(key, path);
      }
      return path;
    };
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
