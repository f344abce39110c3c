/** How the forwarder names itself to Microsoft's APIs, so a tenant's sign-in and API logs show who called. */
export const USER_AGENT = "mde-forwarder";
