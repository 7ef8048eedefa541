// Calls every ArticleService RPC, and the AuthorService RPCs it needs, with clients built at run time from
// protos/ alone. Usage: NEWSMESH_TOKEN=... node articles.mjs ARTICLES_HOST:PORT AUTHORS_HOST:PORT
// (exit code 0 when every call behaved as the contract says). The token is an editor's (or admin's); every call
// carries it, except the ones that check what a caller without one gets.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const protos = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../protos');
const definition = protoLoader.loadSync(['newsmesh/article/v1/article.proto', 'newsmesh/author/v1/author.proto'], {
  includeDirs: [protos, path.join(protos, 'third_party')],
  keepCase: true,
  enums: String,
  longs: Number,
  defaults: true,
});
const { newsmesh } = grpc.loadPackageDefinition(definition);
const client = new newsmesh.article.v1.ArticleService(process.argv[2] ?? '127.0.0.1:5101', grpc.credentials.createInsecure());
const authors = new newsmesh.author.v1.AuthorService(process.argv[3] ?? '127.0.0.1:5201', grpc.credentials.createInsecure());

const token = process.env.NEWSMESH_TOKEN ?? '';
assert.ok(token.length > 0, 'NEWSMESH_TOKEN must hold an editor\'s token');
const credentials = (bearer) => {
  const metadata = new grpc.Metadata();
  if (bearer) metadata.add('authorization', `Bearer ${bearer}`);
  return metadata;
};
const callOn = (service, method, request, bearer = token) =>
  new Promise((resolve, reject) =>
    service[method](request, credentials(bearer), { deadline: Date.now() + 10_000 }, (e, r) => (e ? reject(e) : resolve(r))));
const call = (method, request, bearer = token) => callOn(client, method, request, bearer);

const fails = async (code, method, request, bearer = token) => {
  const error = await call(method, request, bearer).then(() => null, (e) => e);
  assert.ok(error, `${method} should have failed with code ${code}`);
  assert.equal(error.code, code, `${method}: ${error.details}`);
  return error;
};

const run = randomUUID().slice(0, 8);
const slug = `proto-client-${run}`;
const section = `proto-${run}`;

const author = await callOn(authors, 'CreateAuthor', {
  author_id: `proto-agency-${run}`,
  author: { slug: `proto-agency-${run}`, kind: 'KIND_WIRE_AGENCY', display_name: 'Proto Wire', short_bio: { en: 'A wire made from a contract.' } },
});
assert.equal((await callOn(authors, 'BatchGetAuthors', { names: [author.name] })).authors[0].display_name, 'Proto Wire');
const article = {
  slug,
  language_code: 'en',
  section,
  headline: 'A client made from the contract alone',
  body: [{ paragraph: { text: 'Built from <b>.proto</b> files at run time.' } }],
  bylines: [{ author: `authors/proto-agency-${run}`, role: 'ROLE_INFORMATION_SOURCE' }],
};
const request_id = randomUUID();

await fails(grpc.status.UNAUTHENTICATED, 'CreateArticle', { article, request_id }, '');
await fails(grpc.status.UNAUTHENTICATED, 'CreateArticle', { article, request_id }, 'not-a-token');
const created = await call('CreateArticle', { article, request_id });
const again = await call('CreateArticle', { article, request_id });
assert.equal(again.name, created.name, 'the same request_id must return the same article');
assert.equal(created.state, 'STATE_DRAFT');
assert.equal(created.attribution, 'Some information for this report was provided by Proto Wire.');

assert.equal((await call('GetArticle', { name: created.name })).headline, article.headline);
await fails(grpc.status.NOT_FOUND, 'GetArticle', { name: created.name }, '');
assert.equal((await call('LookupArticle', { slug, language_code: 'en' })).name, created.name);

const newer = await call('CreateArticle', { article: { ...article, slug: `${slug}-newer` } });
const page = await call('ListArticles', { section, page_size: 1 });
assert.deepEqual(page.articles.map((a) => a.name), [newer.name], 'newest first');
const next = await call('ListArticles', { section, page_size: 1, page_token: page.next_page_token });
assert.deepEqual(next.articles.map((a) => a.name), [created.name]);
assert.equal(next.next_page_token, '');
await fails(grpc.status.INVALID_ARGUMENT, 'ListArticles', { section, page_token: 'forged' });

const updated = await call('UpdateArticle', {
  article: { name: created.name, headline: 'Updated through the contract', etag: created.etag },
  update_mask: { paths: ['headline'] },
});
assert.equal(updated.headline, 'Updated through the contract');
await fails(grpc.status.ABORTED, 'UpdateArticle', {
  article: { name: created.name, headline: 'stale', etag: created.etag },
  update_mask: { paths: ['headline'] },
});

assert.equal((await call('PublishArticle', { name: created.name })).state, 'STATE_PUBLISHED');
const corrected = await call('CorrectArticle', { name: created.name, type: 'TYPE_CLARIFICATION', text: 'Made from the contract.' });
assert.equal(corrected.corrections.length, 1);
assert.equal((await call('UnpublishArticle', { name: created.name })).state, 'STATE_UNPUBLISHED');
assert.equal((await call('RetractArticle', { name: created.name, reason: 'Withdrawn by the contract test.' })).state, 'STATE_RETRACTED');
await fails(grpc.status.FAILED_PRECONDITION, 'RetractArticle', { name: newer.name, reason: 'A draft cannot be retracted.' });
assert.ok((await call('DeleteArticle', { name: created.name })).delete_time, 'delete_time is set');
await fails(grpc.status.NOT_FOUND, 'GetArticle', { name: created.name });

const invalid = await fails(grpc.status.INVALID_ARGUMENT, 'CreateArticle', { article: { ...article, slug: 'Not A Slug' } });
assert.ok(invalid.metadata.get('grpc-status-details-bin').length > 0, 'rich error details are sent');

client.close();
authors.close();
console.log('every ArticleService RPC behaved as its contract says');
