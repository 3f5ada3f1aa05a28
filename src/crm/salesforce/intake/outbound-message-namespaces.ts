/** The XML namespaces of a Salesforce Outbound Message and of Baton's answers to it (SOAP 1.1). */
export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const OUTBOUND_MESSAGE_NS = 'http://soap.sforce.com/2005/09/outbound';
/** The enterprise WSDL's sObject namespace: the `sf:` of `xsi:type="sf:Lead"` and of `sf:Id`. */
export const SOBJECT_NS = 'urn:sobject.enterprise.soap.sforce.com';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
