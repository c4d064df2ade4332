import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import type { Readable } from "node:stream";
import { log } from "../telemetry/log.ts";
import { guard, isNotFound } from "./errors.ts";

/** The storage account's connection string gives no blob endpoint (a table-only emulator, say). */
export class BlobsNotConfigured extends Error {
  constructor(reason: string) {
    super(`The storage connection string names no blob endpoint (${reason}).`);
  }
}

/**
 * Attachments' bytes in Azure Blob Storage (Azurite's blob service locally): one container per
 * deployment (named from the table prefix, so test runs sharing an account never meet), each
 * file at `<tenant>/<request id>/<attachment id>`. Tables hold only the file's name and size.
 */
export class BlobStore {
  private readonly client?: ContainerClient;
  private readonly problem?: string;
  private ready?: Promise<unknown>;

  constructor(connectionString: string, containerName: string) {
    try {
      const service = BlobServiceClient.fromConnectionString(connectionString, {
        // Fail fast like the tables (503, Retry-After) instead of the SDK's minute of retries.
        retryOptions: { maxTries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 500 },
      });
      this.client = service.getContainerClient(containerName);
    } catch (err) {
      // A connection string with a table endpoint only (a table-only emulator): the desk works, files do not.
      this.problem = (err as Error).message;
      log.warn("attachments are off: the storage connection string names no blob endpoint", { reason: this.problem });
    }
  }

  private get container(): ContainerClient {
    if (!this.client) throw new BlobsNotConfigured(this.problem ?? "");
    return this.client;
  }

  /** Created on first use, not at start: a deployment that never stores a file needs no container. */
  private ensure(): Promise<unknown> {
    this.ready ??= guard(async () => this.container.createIfNotExists()).catch((err) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  private blob(tenantId: string, requestId: string, id: string) {
    return this.container.getBlockBlobClient(`${tenantId}/${requestId}/${id}`);
  }

  async put(tenantId: string, requestId: string, id: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.ensure();
    await guard(async () => this.blob(tenantId, requestId, id).uploadData(bytes, { blobHTTPHeaders: { blobContentType: contentType } }));
  }

  /** The file's bytes as a stream and its length, or undefined when there is no such blob. */
  async get(tenantId: string, requestId: string, id: string): Promise<{ stream: Readable; size: number } | undefined> {
    try {
      const res = await guard(async () => this.blob(tenantId, requestId, id).download());
      return { stream: res.readableStreamBody as Readable, size: res.contentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Removes a blob; true if it is gone (or never was). */
  async delete(tenantId: string, requestId: string, id: string): Promise<boolean> {
    try {
      await guard(async () => this.blob(tenantId, requestId, id).deleteIfExists());
      return true;
    } catch {
      return false;
    }
  }
}
