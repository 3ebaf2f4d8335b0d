/**
 * A GET on the controller, for get_url's `download_on: controller` (hosts with neither curl
 * nor wget): follows redirects, bounded by a timeout, optionally without certificate checks.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { ModuleFailure } from '../types.js'

/** Options of a controller-side GET. */
export interface HttpGetOptions {
  headers?: Record<string, string>
  /** Seconds for the whole transfer. */
  timeout: number
  validateCerts: boolean
}

const MAX_REDIRECTS = 10

/** The body of a 2xx answer; a ModuleFailure naming the URL for anything else. */
export async function httpGet(url: string, opts: HttpGetOptions, hops = 0): Promise<Buffer> {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new ModuleFailure(`not a URL: ${url}`)
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ModuleFailure(`download_on: controller supports http and https URLs only: ${url}`)
  const res = await open(u, opts)
  const status = res.statusCode ?? 0
  if (status >= 300 && status < 400 && res.headers.location) {
    res.resume()
    if (hops >= MAX_REDIRECTS) throw new ModuleFailure(`too many redirects from ${url}`)
    return httpGet(new URL(res.headers.location, u).toString(), opts, hops + 1)
  }
  const body = await read(res, url, opts.timeout)
  if (status < 200 || status >= 300) throw new ModuleFailure(`Request failed: HTTP Error ${status}: ${res.statusMessage ?? ''} (${url})`.replace(':  (', ' ('))
  return body
}

function open(u: URL, opts: HttpGetOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      u,
      { method: 'GET', headers: opts.headers, timeout: opts.timeout * 1000, ...(u.protocol === 'https:' ? { rejectUnauthorized: opts.validateCerts } : {}) },
      resolve,
    )
    req.on('timeout', () => req.destroy(new Error(`timed out after ${opts.timeout}s`)))
    req.on('error', (e) => reject(new ModuleFailure(`Request failed: ${e.message} (${u.toString()})`)))
    req.end()
  })
}

function read(res: IncomingMessage, url: string, timeout: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const timer = setTimeout(() => res.destroy(new Error(`timed out after ${timeout}s`)), timeout * 1000)
    res.on('data', (c: Buffer) => chunks.push(c))
    res.on('end', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(chunks))
    })
    res.on('error', (e) => {
      clearTimeout(timer)
      reject(new ModuleFailure(`Request failed: ${e.message} (${url})`))
    })
  })
}
