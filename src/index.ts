/** The `letters` library: load a campaign, render letters into the letter model, write them out. */
export { loadCampaign, checkCampaign, type Campaign, type CampaignOptions } from './campaign/campaign.js';
export { loadCase, type CaseFile } from './campaign/case.js';
export { loadRecipients, parseRecipients, normaliseColumn, type Recipient, type RecipientList } from './campaign/recipients.js';
export { loadSigner } from './campaign/signer.js';
export { loadTemplate, type LetterTemplate, type PaperName } from './campaign/template.js';
export { InputError, formatProblem, type Problem } from './errors.js';
export type { Letter } from './letter.js';
export { loadFonts } from './layout/fonts.js';
export { PAPERS } from './layout/geometry.js';
export { layoutLetter, type LaidOutLetter } from './layout/layout.js';
export { prepareLetters } from './prepare.js';
export { renderCampaign, type RenderOptions, type RenderResult } from './render.js';
export { printCampaign, type PrintOptions, type PrintResult } from './print.js';
export { checkCampaignFiles, type CheckOptions, type CheckReport, type Finding } from './check.js';
export { previewLetter, type PreviewOptions } from './preview.js';
export { writeCalibrationPage } from './calibrate.js';
export { emailCampaign, type EmailOptions, type EmailResult } from './email.js';
