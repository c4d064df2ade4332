/** The body of `POST /api/surveys/:id/answer`: the pulse's score (0-10) and an optional "why?". */
import { z } from "zod";
import { NPS_COMMENT_MAX, NPS_SCORE_MAX } from "../nps.ts";
import { described } from "./messages.ts";
import { optionalText, strict } from "./schema-builders.ts";

const SCORE_DESC = `a whole number from 0 (not at all likely) to ${NPS_SCORE_MAX} (extremely likely)`;

export const surveyAnswerSchema = strict(
  {
    score: z.number({ error: described(SCORE_DESC) }).int().min(0).max(NPS_SCORE_MAX),
    comment: optionalText(NPS_COMMENT_MAX),
  },
  `an answer like {"score": 9, "comment": "Quick and friendly"}`,
);
