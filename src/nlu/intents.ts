/** The intent taxonomy of SPEC.md: ids are a contract with outside tests and reports. */
export const INTENTS = [
  'greeting', 'goodbye', 'thanks', 'help', 'language_change', 'human_handoff', 'emergency',
  'centre_hours', 'centre_location', 'centre_contact', 'centre_services',
  'appointment_book', 'appointment_cancel', 'appointment_reschedule', 'appointment_list',
  'gmi_info', 'gmi_eligibility', 'gmi_documents', 'gmi_apply_help', 'gmi_payment',
  'child_benefit', 'housing_benefit', 'social_electricity_tariff', 'food_aid', 'disability_benefit',
  'elderly_uninsured_benefit', 'home_help', 'healthcare_uninsured', 'unemployment_registration',
  'asylum_support', 'psychosocial_support', 'child_learning_support', 'donations_volunteering',
  'privacy_data', 'privacy_delete',
] as const;

export type Intent = (typeof INTENTS)[number];
export type IntentOrNone = Intent | 'None';
export const ALL_INTENTS: readonly IntentOrNone[] = [...INTENTS, 'None'];
