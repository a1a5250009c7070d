import { Eta } from 'eta';

/**
 * The one view layer for pages and emails. Every `<%= %>` interpolation is
 * HTML-escaped; the only way to emit markup from data is `<%~ %>`, which
 * templates use solely for output of another template (`include`/`layout`)
 * or of a value built by this layer, so a grep for `<%~` finds every place
 * raw HTML is written.
 */
export class Views {
  private readonly eta: Eta;

  /** `dir`: the folder holding the `.eta` templates (compiled once, then cached). */
  constructor(dir: string) {
    this.eta = new Eta({ views: dir, cache: true, autoEscape: true, autoTrim: [false, 'nl'], useWith: false });
  }

  /** Renders `name` (a path under the views folder, without `.eta`) with `data` as `it`. */
  render<T extends object>(name: string, data: T): string {
    return this.eta.render(name, data);
  }
}
