// A structural check against the W3C Web Annotation Data Model
// (https://www.w3.org/TR/annotation-model/): the fields the model requires, their types, and
// the allowed values of `motivation` and selector types. Returns the problems found, each with
// the path of the offending value; an empty list means the document passes.

const MOTIVATIONS = new Set([
  "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
  "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging",
]);
const SELECTORS = new Set(["FragmentSelector", "CssSelector", "XPathSelector", "TextQuoteSelector", "TextPositionSelector", "DataPositionSelector", "SvgSelector", "RangeSelector"]);
const ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isIri = (v: unknown) => typeof v === "string" && /^[a-z][a-z0-9+.-]*:\S+$/i.test(v);
const hasType = (o: Obj, t: string) => o.type === t || (Array.isArray(o.type) && o.type.includes(t));
/** xsd:dateTime with a timezone, as the model asks for created/modified/generated. */
const isDateTime = (v: unknown) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v));
const isNonNegInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const many = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function checkSelector(s: unknown, path: string, out: string[]) {
  if (!isObj(s)) return void out.push(`${path}: a selector must be an object`);
  if (typeof s.type !== "string" || !SELECTORS.has(s.type)) out.push(`${path}.type: unknown selector type ${String(s.type)}`);
  if (s.type === "FragmentSelector") {
    if (typeof s.value !== "string" || !s.value) out.push(`${path}.value: FragmentSelector needs a value`);
    if (s.conformsTo !== undefined && !isIri(s.conformsTo)) out.push(`${path}.conformsTo: must be an IRI`);
  }
  if (s.type === "TextQuoteSelector") {
    if (typeof s.exact !== "string" || !s.exact) out.push(`${path}.exact: TextQuoteSelector needs exact text`);
    for (const k of ["prefix", "suffix"]) if (s[k] !== undefined && typeof s[k] !== "string") out.push(`${path}.${k}: must be a string`);
  }
  if (s.type === "TextPositionSelector") {
    if (!isNonNegInt(s.start) || !isNonNegInt(s.end)) out.push(`${path}: TextPositionSelector needs integer start and end >= 0`);
    else if ((s.start as number) > (s.end as number)) out.push(`${path}: start must not be after end`);
  }
  many(s.refinedBy).forEach((r, i) => checkSelector(r, `${path}.refinedBy[${i}]`, out));
}

function checkTarget(t: unknown, path: string, out: string[]) {
  if (isIri(t)) return;
  if (!isObj(t)) return void out.push(`${path}: a target must be an IRI or an object`);
  if (t.id === undefined && t.source === undefined) out.push(`${path}: a target object needs an id or a source`);
  if (t.source !== undefined && !isIri(t.source)) out.push(`${path}.source: must be an IRI`);
  if (t.selector !== undefined && t.source === undefined) out.push(`${path}: a selector needs a source`);
  many(t.selector).forEach((s, i) => checkSelector(s, `${path}.selector[${i}]`, out));
}

function checkBody(b: unknown, path: string, out: string[]) {
  if (isIri(b)) return;
  if (!isObj(b)) return void out.push(`${path}: a body must be an IRI or an object`);
  if (hasType(b, "TextualBody")) {
    if (typeof b.value !== "string") out.push(`${path}.value: a TextualBody needs a string value`);
  } else if (b.id === undefined) out.push(`${path}: a body that is not a TextualBody needs an id`);
  if (b.format !== undefined && (typeof b.format !== "string" || !/^[a-z]+\/[a-z0-9.+-]+$/i.test(b.format))) out.push(`${path}.format: must be a media type`);
  if (b.language !== undefined && (typeof b.language !== "string" || !/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(b.language))) out.push(`${path}.language: must be a BCP 47 tag`);
  if (b.purpose !== undefined && !MOTIVATIONS.has(String(b.purpose))) out.push(`${path}.purpose: not a motivation of the model`);
}

function checkAgent(a: unknown, path: string, out: string[]) {
  if (isIri(a)) return;
  if (!isObj(a)) return void out.push(`${path}: an agent must be an IRI or an object`);
  if (a.id !== undefined && !isIri(a.id)) out.push(`${path}.id: must be an IRI`);
  if (a.type !== undefined && !["Person", "Organization", "Software"].some((t) => hasType(a, t))) out.push(`${path}.type: must be Person, Organization or Software`);
  if (a.name !== undefined && typeof a.name !== "string") out.push(`${path}.name: must be a string`);
}

/** Problems in one annotation (without @context: a collection carries it once). */
export function annotationProblems(a: unknown, path = "annotation"): string[] {
  const out: string[] = [];
  if (!isObj(a)) return [`${path}: must be an object`];
  if (!isIri(a.id)) out.push(`${path}.id: an Annotation must have an IRI id`);
  if (!hasType(a, "Annotation")) out.push(`${path}.type: must include "Annotation"`);
  const targets = many(a.target);
  if (!targets.length) out.push(`${path}.target: an Annotation must have at least one target`);
  targets.forEach((t, i) => checkTarget(t, `${path}.target[${i}]`, out));
  many(a.body).forEach((b, i) => checkBody(b, `${path}.body[${i}]`, out));
  for (const m of many(a.motivation)) if (!MOTIVATIONS.has(String(m))) out.push(`${path}.motivation: "${String(m)}" is not a motivation of the model`);
  for (const k of ["created", "modified", "generated"]) if (a[k] !== undefined && !isDateTime(a[k])) out.push(`${path}.${k}: must be an xsd:dateTime with a timezone`);
  many(a.creator).forEach((c, i) => checkAgent(c, `${path}.creator[${i}]`, out));
  return out;
}

function hasAnnoContext(ctx: unknown): boolean {
  return ctx === ANNO_CONTEXT || (Array.isArray(ctx) && ctx.includes(ANNO_CONTEXT));
}

/** Problems in an AnnotationCollection and every annotation in its pages; also returns the annotations. */
export function collectionProblems(doc: unknown): { problems: string[]; annotations: Obj[] } {
  const out: string[] = [];
  const annotations: Obj[] = [];
  if (!isObj(doc)) return { problems: ["document: must be an object"], annotations };
  if (!hasAnnoContext(doc["@context"])) out.push(`@context: must include ${ANNO_CONTEXT}`);
  if (!isIri(doc.id)) out.push("collection.id: must be an IRI");
  if (!hasType(doc, "AnnotationCollection")) out.push('collection.type: must include "AnnotationCollection"');
  if (doc.total !== undefined && !isNonNegInt(doc.total)) out.push("collection.total: must be an integer >= 0");
  let page = doc.first;
  let index = 0;
  let n = 0;
  while (page !== undefined) {
    const p = `page[${n}]`;
    if (!isObj(page)) {
      out.push(`${p}: an embedded page must be an object`);
      break;
    }
    if (!hasType(page, "AnnotationPage")) out.push(`${p}.type: must include "AnnotationPage"`);
    if (!Array.isArray(page.items)) out.push(`${p}.items: must be a list`);
    if (page.partOf !== undefined && page.partOf !== doc.id) out.push(`${p}.partOf: must be the collection's id`);
    if (page.startIndex !== undefined && page.startIndex !== index) out.push(`${p}.startIndex: expected ${index}, got ${String(page.startIndex)}`);
    for (const [i, a] of (Array.isArray(page.items) ? page.items : []).entries()) {
      out.push(...annotationProblems(a, `${p}.items[${i}]`));
      if (isObj(a)) annotations.push(a);
    }
    index += Array.isArray(page.items) ? page.items.length : 0;
    page = page.next;
    n += 1;
  }
  if (doc.total !== undefined && doc.total !== annotations.length) out.push(`collection.total: says ${String(doc.total)}, the pages hold ${annotations.length}`);
  return { problems: out, annotations };
}
