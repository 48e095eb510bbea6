import { z } from "zod";

const REQUIRED = "This field is required.";

/** The redeem form: one share string (a few hundred characters in practice). */
export const addHostForm = z.object({
  code: z.string({ error: REQUIRED }).trim().min(1, REQUIRED).max(4000, "Ensure this value has at most 4000 characters."),
});


/** An http(s) URL: what we call or link to must not be `javascript:` or a file. */
export const httpUrl = z.string().max(2000).refine((value) => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
});

/** Of the host's setup answer, ephios reads only these two keys. */
export const setupAnswer = z.object({
  host_name: z.string().trim().min(1).max(255),
  access_token: z.string().min(1).max(255),
});

/** One item of the host's shared-event list, with the keys ephios's event list reads. */
export const sharedEvent = z.object({
  title: z.string().max(1000),
  location: z.string().max(1000),
  type: z.object({ title: z.string().max(1000) }),
  start_time: z.iso.datetime({ offset: true }),
  end_time: z.iso.datetime({ offset: true }),
  signup_url: httpUrl,
});

export type SharedEvent = z.output<typeof sharedEvent>;

/** Only the first page counts, as in ephios; items are checked one by one (see client.ts). */
export const sharedEventPage = z.object({ results: z.array(z.unknown()).max(1000) });
