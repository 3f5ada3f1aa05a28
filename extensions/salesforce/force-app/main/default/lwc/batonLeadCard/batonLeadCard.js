import locale from '@salesforce/i18n/locale';
import timeZone from '@salesforce/i18n/timeZone';
import CARD from '@salesforce/schema/Lead.baton__Card__c';
import DISPOSITION from '@salesforce/schema/Lead.baton__Disposition__c';
import DISPOSITION_FEEDBACK from '@salesforce/schema/Lead.baton__Disposition_Feedback__c';
import OWNER_NAME from '@salesforce/schema/Lead.Owner.Name';
import OWNER_ID from '@salesforce/schema/Lead.OwnerId';
import { buildCardView, dispositionValue, errorMessage, parseCard } from 'c/batonCardFormat';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { getFieldValue, getRecord, notifyRecordUpdateAvailable, updateRecord } from 'lightning/uiRecordApi';
import { api, LightningElement, wire } from 'lwc';

/** The same limit Baton applies to feedback with a rejection. */
const MAX_FEEDBACK_LENGTH = 2000;
/** Waiting times and the SLA clock move on while the page stays open. */
const TICK_MS = 60_000;
/**
 * Baton writes the card back within seconds of a disposition, but Lightning Data Service learns of
 * a change made through the API only when asked: ask again a few times after sending.
 */
const REFRESH_AFTER_MS = [3_000, 10_000, 30_000];

/**
 * Baton on the Lead record page: the card Baton keeps in `baton__Card__c`, read through Lightning
 * Data Service (no Apex, no callout), and Accept / Reject, which write the disposition field.
 * That change reaches Baton through the Outbound Message; the card updates when Baton writes back.
 */
export default class BatonLeadCard extends LightningElement {
  @api recordId;

  record;
  loadError;
  /** What the stored card is (`parseCard`), and the text shown for it now. */
  parsed = null;
  view = null;
  reasonCode = '';
  feedback = '';
  pending = null;
  failure = null;
  /** The card text when a disposition was sent; the buttons come back once Baton rewrites it. */
  sentWith = null;
  ticker;
  refreshes = [];

  @wire(getRecord, { recordId: '$recordId', fields: [CARD, OWNER_ID], optionalFields: [OWNER_NAME] })
  wiredLead({ data, error }) {
    this.record = data;
    this.loadError = error;
    if (data && this.sentWith !== null && this.cardText !== this.sentWith) {
      this.sentWith = null;
      this.stopRefreshing();
    }
    this.show(Date.now());
  }

  connectedCallback() {
    this.ticker = setInterval(() => this.show(Date.now()), TICK_MS);
  }

  disconnectedCallback() {
    clearInterval(this.ticker);
    this.stopRefreshing();
  }

  /** Works out the view once per change of record or minute, not once per template reference. */
  show(now) {
    this.parsed = this.record ? parseCard(this.cardText, this.recordId) : null;
    this.view =
      this.parsed?.status === 'ready'
        ? buildCardView(this.parsed.card, {
            now,
            timeZone,
            locale,
            ownerId: getFieldValue(this.record, OWNER_ID) ?? null,
            ownerName: getFieldValue(this.record, OWNER_NAME) ?? null,
          })
        : null;
  }

  get cardText() {
    return this.record ? getFieldValue(this.record, CARD) : undefined;
  }

  get isLoading() {
    return !this.record && !this.loadError;
  }

  get loadErrorMessage() {
    return this.loadError ? errorMessage(this.loadError) : null;
  }

  get isEmpty() {
    return this.parsed?.status === 'empty';
  }

  get isForeign() {
    return this.parsed?.status === 'foreign';
  }

  get brokenMessage() {
    return this.parsed?.status === 'broken' ? this.parsed.message : null;
  }

  get showActions() {
    const actions = this.view?.actions;
    return Boolean(actions && (actions.canAccept || actions.canReject));
  }

  get isSent() {
    return this.sentWith !== null;
  }

  get isPending() {
    return this.pending !== null;
  }

  get rejectDisabled() {
    return this.isPending || this.reasonCode === '';
  }

  handleReason(event) {
    this.reasonCode = event.detail.value ?? '';
  }

  handleFeedback(event) {
    this.feedback = event.detail.value ?? '';
  }

  handleAccept() {
    return this.send('accept');
  }

  handleReject() {
    if (this.reasonCode === '') {
      this.failure = 'Choose a reason to reject the lead.';
      return undefined;
    }
    if (this.feedback.length > MAX_FEEDBACK_LENGTH) {
      this.failure = `Feedback can be at most ${MAX_FEEDBACK_LENGTH} characters.`;
      return undefined;
    }
    return this.send('reject');
  }

  async send(action) {
    if (this.isPending) return;
    this.pending = action;
    this.failure = null;
    const sentWith = this.cardText;
    try {
      const reject = action === 'reject';
      const feedback = reject && this.feedback.trim() !== '' ? this.feedback : null;
      await updateRecord({
        fields: {
          Id: this.recordId,
          [DISPOSITION.fieldApiName]: dispositionValue(
            crypto.randomUUID(),
            action,
            reject ? this.reasonCode : undefined,
          ),
          [DISPOSITION_FEEDBACK.fieldApiName]: feedback,
        },
      });
      this.sentWith = sentWith;
      this.refreshUntilRecorded();
      this.dispatchEvent(
        new ShowToastEvent({
          title: reject ? 'Lead rejected' : 'Lead accepted',
          message: 'Sent to Baton. The card updates once Baton has recorded it.',
          variant: 'success',
        }),
      );
    } catch (error) {
      this.failure = errorMessage(error);
    } finally {
      this.pending = null;
    }
  }

  refreshUntilRecorded() {
    this.stopRefreshing();
    this.refreshes = REFRESH_AFTER_MS.map((delay) =>
      setTimeout(() => {
        if (this.sentWith !== null) notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
      }, delay),
    );
  }

  stopRefreshing() {
    for (const timer of this.refreshes) clearTimeout(timer);
    this.refreshes = [];
  }
}
