/** How a list was made (recommend's RecommendationPath), in a word or two, for the CLI's tables. */
export const PATH_WORDS: Record<string, string> = { few_shot: 'few-shot', cold_unadapted: 'cold, not adapted', warm: 'warm', no_history: 'no history', no_model: 'no model' };
