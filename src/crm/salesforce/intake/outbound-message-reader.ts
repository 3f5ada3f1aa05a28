import type { SaxesTagNS } from 'saxes';
import { InputInvalidError } from '../../../errors.ts';
import { toId18 } from '../salesforce-ids.ts';
import {
  notOutboundMessage,
  type OutboundMessage,
  type OutboundMessageLimits,
  type OutboundNotification,
  shown,
} from './outbound-message.ts';
import { OUTBOUND_MESSAGE_NS, SOAP_ENVELOPE_NS, SOBJECT_NS, XSI_NS } from './outbound-message-namespaces.ts';

/** Ids are 15 or 18 characters; anything longer is not one, so no more of it is kept. */
const MAX_KEPT_TEXT = 64;
const OBJECT_TYPE = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

/** The elements whose text Baton keeps. */
type Leaf = 'OrganizationId' | 'ActionId' | 'Id' | 'sf:Id';
/** What an open element is to the reader; `skip` is everything Baton takes nothing from. */
type Frame = 'envelope' | 'body' | 'notifications' | 'notification' | 'sobject' | 'skip' | Leaf;

interface NotificationInProgress {
  id?: string;
  objectType?: string;
  recordId?: string;
}

/**
 * Follows saxes' events down Envelope › Body › notifications › Notification › sObject, keeping
 * only the ids, and refuses as soon as the document is too deep, too big or not the shape of an
 * Outbound Message. Unknown elements are skipped (Salesforce adds fields as admins pick them).
 */
export class OutboundMessageReader {
  private readonly limits: OutboundMessageLimits;
  private readonly resolvePrefix: (prefix: string) => string | undefined;
  private readonly frames: Frame[] = [];
  private elements = 0;
  private textChars = 0;
  private kept = '';
  private sawBody = false;
  private sawNotifications = false;
  private organizationId: string | undefined;
  private actionId: string | undefined;
  private readonly notifications: OutboundNotification[] = [];
  private notification: NotificationInProgress = {};

  /** `resolvePrefix` answers the namespace a prefix is bound to where the parser stands. */
  constructor(limits: OutboundMessageLimits, resolvePrefix: (prefix: string) => string | undefined) {
    this.limits = limits;
    this.resolvePrefix = resolvePrefix;
  }

  open(tag: SaxesTagNS): void {
    this.elements += 1;
    if (this.frames.length >= this.limits.maxDepth) {
      throw new InputInvalidError(`the body nests elements deeper than ${this.limits.maxDepth} levels`);
    }
    if (this.elements > this.limits.maxElements) {
      throw new InputInvalidError(`the body has more than ${this.limits.maxElements} elements`);
    }
    this.frames.push(this.frameOf(tag));
    this.kept = '';
  }

  close(): void {
    switch (this.frames.pop()) {
      case 'OrganizationId':
        this.organizationId = idOf(this.kept, 'OrganizationId is not a Salesforce organization id');
        if (!this.organizationId.startsWith('00D')) {
          throw notOutboundMessage('OrganizationId is not a Salesforce organization id');
        }
        return;
      case 'ActionId':
        this.actionId = idOf(this.kept, 'ActionId is not a Salesforce id');
        return;
      case 'Id':
        this.notification.id = idOf(this.kept, `${this.which()} has an Id that is not a Salesforce id`);
        return;
      case 'sf:Id':
        this.notification.recordId = idOf(
          this.kept,
          `${this.which()}'s sObject has an sf:Id that is not a Salesforce id`,
        );
        return;
      case 'sobject':
        if (this.notification.recordId === undefined) {
          throw notOutboundMessage(`${this.which()}'s sObject has no sf:Id`);
        }
        return;
      case 'notification':
        this.finishNotification();
        return;
      default:
        return;
    }
  }

  text(text: string): void {
    this.textChars += text.length;
    if (this.textChars > this.limits.maxTextChars) {
      throw new InputInvalidError(`the body has more than ${this.limits.maxTextChars} characters of text`);
    }
    if (isLeaf(this.frames.at(-1)) && this.kept.length <= MAX_KEPT_TEXT) {
      this.kept += text.slice(0, MAX_KEPT_TEXT + 1 - this.kept.length);
    }
  }

  /** What was read, once the parser has seen the whole document. */
  result(): OutboundMessage {
    if (!this.sawBody) throw notOutboundMessage('the SOAP envelope has no Body');
    if (!this.sawNotifications) throw notOutboundMessage('the SOAP Body holds no notifications element');
    if (this.organizationId === undefined) throw notOutboundMessage('OrganizationId is missing');
    if (this.actionId === undefined) throw notOutboundMessage('ActionId is missing');
    if (this.notifications.length === 0) throw notOutboundMessage('it holds no Notification');
    return {
      organizationId: this.organizationId,
      actionId: this.actionId,
      notifications: this.notifications,
    };
  }

  private frameOf(tag: SaxesTagNS): Frame {
    const parent = this.frames.at(-1);
    const { uri, local } = tag;
    switch (parent) {
      case undefined:
        if (uri === SOAP_ENVELOPE_NS && local === 'Envelope') return 'envelope';
        throw new InputInvalidError(
          `the body is not a SOAP 1.1 envelope: its root element is ${shown(local)} in namespace "${shown(uri)}", expected Envelope in "${SOAP_ENVELOPE_NS}"`,
        );
      case 'envelope':
        return uri === SOAP_ENVELOPE_NS && local === 'Body'
          ? this.once('sawBody', 'body', 'the SOAP envelope has more than one Body')
          : 'skip';
      case 'body':
        if (local !== 'notifications') return 'skip';
        if (uri !== OUTBOUND_MESSAGE_NS) {
          throw notOutboundMessage(
            `notifications is in namespace "${shown(uri)}", expected "${OUTBOUND_MESSAGE_NS}"`,
          );
        }
        return this.once(
          'sawNotifications',
          'notifications',
          'the SOAP Body holds more than one notifications element',
        );
      case 'notifications':
        return uri === OUTBOUND_MESSAGE_NS ? this.notificationsChild(local) : 'skip';
      case 'notification':
        return uri === OUTBOUND_MESSAGE_NS ? this.notificationChild(tag) : 'skip';
      case 'sobject':
        if (uri !== SOBJECT_NS || local !== 'Id') return 'skip';
        if (this.notification.recordId !== undefined) {
          throw notOutboundMessage(`${this.which()}'s sObject has more than one sf:Id`);
        }
        return 'sf:Id';
      case 'skip':
        return 'skip';
      default:
        throw notOutboundMessage(`${parent} holds an element where an id belongs`);
    }
  }

  private once(seen: 'sawBody' | 'sawNotifications', frame: Frame, problem: string): Frame {
    if (this[seen]) throw notOutboundMessage(problem);
    this[seen] = true;
    return frame;
  }

  private notificationsChild(local: string): Frame {
    if (local === 'OrganizationId' || local === 'ActionId') {
      const seen = local === 'OrganizationId' ? this.organizationId : this.actionId;
      if (seen !== undefined) throw notOutboundMessage(`it has more than one ${local}`);
      return local;
    }
    if (local !== 'Notification') return 'skip';
    if (this.notifications.length >= this.limits.maxNotifications) {
      throw notOutboundMessage(`it holds more than ${this.limits.maxNotifications} Notifications`);
    }
    this.notification = {};
    return 'notification';
  }

  private notificationChild(tag: SaxesTagNS): Frame {
    if (tag.local === 'Id') {
      if (this.notification.id !== undefined)
        throw notOutboundMessage(`${this.which()} has more than one Id`);
      return 'Id';
    }
    if (tag.local !== 'sObject') return 'skip';
    if (this.notification.objectType !== undefined) {
      throw notOutboundMessage(`${this.which()} has more than one sObject`);
    }
    this.notification.objectType = this.objectTypeOf(tag);
    return 'sobject';
  }

  /** `xsi:type` is a QName: its prefix resolves against the bindings in scope, whatever it is called. */
  private objectTypeOf(tag: SaxesTagNS): string {
    const type = Object.values(tag.attributes).find((a) => a.uri === XSI_NS && a.local === 'type')?.value;
    if (type === undefined) throw notOutboundMessage(`${this.which()}'s sObject has no xsi:type`);
    const colon = type.indexOf(':');
    const name = type.slice(colon + 1);
    if (
      this.resolvePrefix(colon === -1 ? '' : type.slice(0, colon)) !== SOBJECT_NS ||
      !OBJECT_TYPE.test(name)
    ) {
      throw notOutboundMessage(
        `${this.which()}'s sObject has xsi:type "${shown(type)}", which is not an sObject type of "${SOBJECT_NS}"`,
      );
    }
    return name;
  }

  private finishNotification(): void {
    const { id, objectType, recordId } = this.notification;
    if (id === undefined) throw notOutboundMessage(`${this.which()} has no Id`);
    if (objectType === undefined || recordId === undefined)
      throw notOutboundMessage(`${this.which()} has no sObject`);
    this.notifications.push({ id, objectType, recordId });
  }

  /** Counted from 1, as a reader of the envelope would. */
  private which(): string {
    return `Notification ${this.notifications.length + 1}`;
  }
}

function isLeaf(frame: Frame | undefined): frame is Leaf {
  return frame === 'OrganizationId' || frame === 'ActionId' || frame === 'Id' || frame === 'sf:Id';
}

function idOf(text: string, problem: string): string {
  const id = toId18(text.trim());
  if (id === null) throw notOutboundMessage(problem);
  return id;
}
