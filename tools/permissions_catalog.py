#!/usr/bin/env python3
"""Writes config/permissions.json, GraphLens's default permission catalog.

Facts from Microsoft's Graph permissions reference and API reference pages: for each endpoint the
permissions that allow it, least privileged first, per scheme (delegated work/school, delegated
personal account, application). Kept as a table here because many endpoints share a row; edit the
table and run `python3 tools/permissions_catalog.py`, or edit the JSON directly.
"""
import json
import os

U = ["/me", "/users/{id}"]          # both addressings of a user's resources


TERM_STORE = ["", "/groups", "/groups/{id}", "/groups/{id}/sets", "/groups/{id}/sets/{id}", "/sets/{id}", "/sets/{id}/children",
              "/sets/{id}/terms", "/sets/{id}/terms/{id}", "/sets/{id}/terms/{id}/children", "/sets/{id}/relations"]


def both(suffix):
    return [p + suffix for p in U]


# Usage reports beyond the per-user detail ones (reportRoot functions, Reports.Read.All alike)
USAGE_REPORT_COUNTS = [
    "getOffice365ActiveUserCounts", "getOffice365ServicesUserCounts",
    "getOffice365GroupsActivityDetail", "getOffice365GroupsActivityCounts", "getOffice365GroupsActivityGroupCounts",
    "getOffice365GroupsActivityStorage", "getOffice365GroupsActivityFileCounts",
    "getOffice365ActivationCounts", "getOffice365ActivationsUserCounts",
    "getEmailActivityCounts", "getEmailActivityUserCounts",
    "getEmailAppUsageAppsUserCounts", "getEmailAppUsageUserCounts", "getEmailAppUsageVersionsUserCounts",
    "getMailboxUsageMailboxCounts", "getMailboxUsageQuotaStatusMailboxCounts", "getMailboxUsageStorage",
    "getOneDriveActivityUserDetail", "getOneDriveActivityUserCounts", "getOneDriveActivityFileCounts",
    "getOneDriveUsageAccountCounts", "getOneDriveUsageFileCounts", "getOneDriveUsageStorage",
    "getSharePointActivityUserDetail", "getSharePointActivityFileCounts", "getSharePointActivityUserCounts", "getSharePointActivityPages",
    "getSharePointSiteUsageFileCounts", "getSharePointSiteUsageSiteCounts", "getSharePointSiteUsageStorage", "getSharePointSiteUsagePages",
    "getTeamsDeviceUsageUserCounts", "getTeamsDeviceUsageDistributionUserCounts",
    "getTeamsUserActivityCounts", "getTeamsUserActivityUserCounts",
    "getTeamsTeamActivityDetail", "getTeamsTeamActivityCounts", "getTeamsTeamActivityDistributionCounts", "getTeamsTeamCounts",
    "getM365AppUserCounts", "getM365AppPlatformUserCounts",
    "getYammerActivityUserDetail", "getYammerActivityCounts", "getYammerActivityUserCounts",
    "getYammerDeviceUsageUserDetail", "getYammerDeviceUsageUserCounts", "getYammerDeviceUsageDistributionUserCounts",
    "getYammerGroupsActivityDetail", "getYammerGroupsActivityGroupCounts", "getYammerGroupsActivityCounts",
]

# SharePoint Embedded containers, the registrations of container types in a consuming tenant, and the types
SPE_CONTAINER = "/storage/fileStorage/containers/{id}"
SPE_CONTAINER_PARTS = ["", "/drive", "/drive/root", "/drive/root/children", "/drive/items/{id}", "/drive/items/{id}/children",
                       "/drive/items/{id}/content", "/drive/root:/{path}:/content", "/drive/items/{id}/permissions", "/activate", "/permissions",
                       "/permissions/{id}", "/customProperties", "/restore", "/permanentDelete", "/lock", "/unlock"]
SPE_REGISTRATIONS = ["/storage/fileStorage/containerTypeRegistrations", "/storage/fileStorage/containerTypeRegistrations/{id}",
                     "/storage/fileStorage/containerTypeRegistrations/{id}/applicationPermissionGrants",
                     "/storage/fileStorage/containerTypeRegistrations/{id}/applicationPermissionGrants/{id}"]
SPE_TYPES = ["/storage/fileStorage/containerTypes", "/storage/fileStorage/containerTypes/{id}", "/storage/fileStorage/containerTypes/{id}/permissions"]

# Teams app installations: one family per scope (User, Team, Chat), least privileged first. "Self" lets an
# app install or read only itself; "AndConsent" also consents to the app's resource-specific permissions.
INSTALL_APPS = ["ReadWriteSelf", "ReadWrite", "ReadWriteAndConsentSelf", "ReadWriteAndConsent"]
READ_APPS = ["Read"] + INSTALL_APPS


def teams_apps(scope, kinds, suffix=""):
    return " ".join("TeamsAppInstallation.%sFor%s%s" % (k, scope, suffix) for k in kinds)


# Intune: every area has one permission family, DeviceManagement<Area>.Read.All / .ReadWrite.All, delegated and
# application alike (the intune-* reference pages). Since July 2025 scripts and remediations take
# DeviceManagementScripts.* instead of DeviceManagementConfiguration.* (Intune's what's new, MC1107490).
DM = "/deviceManagement/"
DAM = "/deviceAppManagement/"
PRIVILEGED_DEVICE_ACTIONS = ["wipe", "retire", "rebootNow", "syncDevice", "remoteLock", "shutDown", "resetPasscode", "recoverPasscode",
                             "locateDevice", "bypassActivationLock", "cleanWindowsDevice", "disableLostMode", "requestRemoteAssistance",
                             "logoutSharedAppleDeviceActiveUser", "deleteUserFromSharedAppleDevice", "windowsDefenderScan",
                             "windowsDefenderUpdateSignatures", "updateWindowsDeviceAccount"]


def intune_reads(family, also_read=""):
    return f"{family}.Read.All {family}.ReadWrite.All" + (" " + also_read if also_read else "")


def intune_singletons(family, names):
    """A read row for Intune singletons (an overview, a certificate), which have no items."""
    return [("GET", [DM + n for n in names], intune_reads(family), "", intune_reads(family))]


def intune(family, collections, also_read="", writable=True):
    """Rows for Intune collections of one permission family ({collection: parts of an item}): reads of the
    collection, its items and their parts; creation, assignment, update and deletion with ReadWrite.All."""
    read = intune_reads(family, also_read)
    write = f"{family}.ReadWrite.All"
    names = [DM + c if not c.startswith("/") else c for c in collections]
    items = [n + "/{id}" for n in names]
    parts = [n + "/{id}" + part for n, c in zip(names, collections) for part in collections[c]]
    rows = [("GET", names + items + parts, read, "", read)]
    if writable:
        rows += [("POST", names + [i + "/assign" for i in items], write, "", write), ("PATCH DELETE", items, write, "", write)]
    return rows


ASSIGNED = ["/assignments"]
INTUNE = (
    intune("DeviceManagementConfiguration", {
        "deviceConfigurations": ASSIGNED + ["/deviceStatuses", "/userStatuses", "/deviceStatusOverview"],
        "deviceCompliancePolicies": ASSIGNED + ["/deviceStatuses", "/userStatuses", "/deviceStatusOverview", "/scheduledActionsForRule"],
        "configurationPolicies": ASSIGNED + ["/settings"], "compliancePolicies": ASSIGNED + ["/settings"],
        "groupPolicyConfigurations": ASSIGNED + ["/definitionValues"], "intents": ASSIGNED + ["/settings"],
        "assignmentFilters": [], "reusablePolicySettings": [], "windowsFeatureUpdateProfiles": ASSIGNED,
        "windowsQualityUpdateProfiles": ASSIGNED, "windowsDriverUpdateProfiles": ASSIGNED})
    + intune("DeviceManagementConfiguration", {"templates": [], "configurationPolicyTemplates": [], "configurationSettings": [],
                                               "groupPolicyDefinitions": []}, writable=False)
    + intune("DeviceManagementScripts", {c: ASSIGNED + ["/deviceRunStates", "/runSummary"] for c in [
        "deviceManagementScripts", "deviceShellScripts", "deviceHealthScripts", "deviceComplianceScripts", "deviceCustomAttributeShellScripts"]})
    + intune("DeviceManagementManagedDevices", {"managedDevices": ["/users", "/deviceCompliancePolicyStates", "/deviceConfigurationStates",
                                                                   "/deviceCategory", "/windowsProtectionState", "/logCollectionRequests"]})
    + intune("DeviceManagementManagedDevices", {"comanagedDevices": [], "detectedApps": ["/managedDevices"], "windowsMalwareInformation": [],
                                                "remoteActionAudits": [],
                                                "/me/managedDevices": [], "/users/{id}/managedDevices": []}, writable=False)
    + intune_singletons("DeviceManagementManagedDevices", ["managedDeviceOverview"])
    + [("POST", [DM + "managedDevices/{id}/" + a for a in PRIVILEGED_DEVICE_ACTIONS],
        "DeviceManagementManagedDevices.PrivilegedOperations.All", "", "DeviceManagementManagedDevices.PrivilegedOperations.All")]
    # device categories are read with the configuration or the managed devices family
    + intune("DeviceManagementConfiguration", {"deviceCategories": []}, "DeviceManagementManagedDevices.Read.All DeviceManagementManagedDevices.ReadWrite.All")
    + intune("DeviceManagementApps", {DAM + c: parts for c, parts in {
        "mobileApps": ASSIGNED + ["/categories"], "managedAppPolicies": [], "iosManagedAppProtections": ASSIGNED + ["/apps"],
        "androidManagedAppProtections": ASSIGNED + ["/apps"], "windowsManagedAppProtections": ASSIGNED + ["/apps"],
        "defaultManagedAppProtections": ["/apps"], "targetedManagedAppConfigurations": ASSIGNED + ["/apps"],
        "mobileAppConfigurations": ASSIGNED + ["/deviceStatuses", "/userStatuses"], "mobileAppCategories": [],
        "mdmWindowsInformationProtectionPolicies": ASSIGNED, "windowsInformationProtectionPolicies": ASSIGNED,
        "managedEBooks": ASSIGNED + ["/installSummary", "/deviceStates", "/userStateSummary"], "vppTokens": []}.items()})
    + intune("DeviceManagementApps", {DAM + "managedAppRegistrations": ["/appliedPolicies", "/intendedPolicies"], DAM + "managedAppStatuses": [],
                                      "auditEvents": [], "/me/managedAppRegistrations": [], "/users/{id}/managedAppRegistrations": []}, writable=False)
    # enrollment configurations are read with the service configuration or the configuration family
    + intune("DeviceManagementServiceConfig", {"deviceEnrollmentConfigurations": ASSIGNED},
             "DeviceManagementConfiguration.Read.All DeviceManagementConfiguration.ReadWrite.All")
    + intune("DeviceManagementServiceConfig", {
        "windowsAutopilotDeviceIdentities": [], "windowsAutopilotDeploymentProfiles": ASSIGNED + ["/assignedDevices"],
        "importedWindowsAutopilotDeviceIdentities": [], "termsAndConditions": ASSIGNED + ["/acceptanceStatuses"],
        "notificationMessageTemplates": ["/localizedNotificationMessages"], "exchangeConnectors": [], "mobileThreatDefenseConnectors": [],
        "deviceManagementPartners": [], "remoteAssistancePartners": [], "depOnboardingSettings": []})
    + intune_singletons("DeviceManagementServiceConfig", ["applePushNotificationCertificate"])
    + intune("DeviceManagementRBAC", {"roleDefinitions": ["/roleAssignments"], "roleAssignments": [], "roleScopeTags": ASSIGNED})
    + intune("DeviceManagementRBAC", {"resourceOperations": []}, writable=False)
)


# methods, paths, delegated (least first), personal, application
ROWS = [
    # ---- users and me
    ("GET", ["/me"], "User.Read User.ReadWrite User.ReadBasic.All User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All",
     "User.Read User.ReadWrite", ""),
    ("PATCH", ["/me"], "User.ReadWrite User.ReadWrite.All Directory.ReadWrite.All", "User.ReadWrite", ""),
    ("GET", ["/users"], "User.ReadBasic.All User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All", "",
     "User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All"),
    ("POST", ["/users"], "User.ReadWrite.All Directory.ReadWrite.All", "", "User.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/users/{id}"], "User.ReadBasic.All User.Read User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All", "User.Read",
     "User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All"),
    # The User-*.ReadWrite.All permissions each cover one property (mail, phones, password profile, lifecycle dates).
    ("PATCH", ["/users/{id}"], "User.ReadWrite User.ReadWrite.All User.ManageIdentities.All User.EnableDisableAccount.All User-Mail.ReadWrite.All "
     "User-Phone.ReadWrite.All User-PasswordProfile.ReadWrite.All User-LifeCycleInfo.ReadWrite.All Directory.ReadWrite.All", "",
     "User.ReadWrite.All User.ManageIdentities.All User.EnableDisableAccount.All User-Mail.ReadWrite.All User-Phone.ReadWrite.All "
     "User-PasswordProfile.ReadWrite.All User-LifeCycleInfo.ReadWrite.All Directory.ReadWrite.All"),
    ("DELETE", ["/users/{id}"], "User.ReadWrite.All Directory.ReadWrite.All", "", "User.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/users/delta"], "User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All", "", "User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All"),
    ("GET", both("/manager"), "User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All", "", "User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All"),
    ("GET", both("/directReports"), "User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All", "", "User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All"),
    ("GET", both("/memberOf"), "User.Read GroupMember.Read.All Group.Read.All Directory.Read.All Directory.ReadWrite.All", "", "GroupMember.Read.All Group.Read.All Directory.Read.All Directory.ReadWrite.All"),
    ("GET", both("/transitiveMemberOf"), "User.Read GroupMember.Read.All Group.Read.All Directory.Read.All Directory.ReadWrite.All", "", "GroupMember.Read.All Group.Read.All Directory.Read.All Directory.ReadWrite.All"),
    ("POST", both("/getMemberGroups"), "User.ReadBasic.All GroupMember.Read.All User.Read.All Directory.Read.All", "", "User.ReadBasic.All GroupMember.Read.All User.Read.All Directory.Read.All"),
    ("POST", both("/checkMemberGroups"), "User.ReadBasic.All GroupMember.Read.All User.Read.All Directory.Read.All", "", "User.ReadBasic.All GroupMember.Read.All User.Read.All Directory.Read.All"),
    ("GET", both("/ownedObjects"), "User.Read Directory.Read.All", "", "Directory.Read.All"),
    ("GET", both("/registeredDevices"), "User.Read Directory.Read.All", "", "Directory.Read.All"),
    ("GET", both("/ownedDevices"), "User.Read Directory.Read.All", "", "Directory.Read.All"),
    ("GET", both("/photo") + both("/photo/$value") + both("/photos"), "User.Read User.ReadBasic.All User.Read.All User.ReadWrite.All", "User.Read", "User.Read.All User.ReadWrite.All"),
    ("PUT", both("/photo/$value"), "User.ReadWrite User.ReadWrite.All", "User.ReadWrite", "User.ReadWrite.All"),
    ("GET", both("/licenseDetails"), "User.Read User.Read.All Directory.Read.All", "", "User.Read.All Directory.Read.All"),
    ("POST", both("/assignLicense"), "LicenseAssignment.ReadWrite.All User.ReadWrite.All Directory.ReadWrite.All", "", "LicenseAssignment.ReadWrite.All User.ReadWrite.All Directory.ReadWrite.All"),
    ("POST", both("/revokeSignInSessions"), "User.RevokeSessions.All User.ReadWrite.All Directory.ReadWrite.All", "", "User.RevokeSessions.All User.ReadWrite.All Directory.ReadWrite.All"),
    ("POST", both("/changePassword"), "Directory.AccessAsUser.All", "", ""),
    ("GET", both("/mailboxSettings"), "MailboxSettings.Read MailboxSettings.ReadWrite", "MailboxSettings.Read MailboxSettings.ReadWrite", "MailboxSettings.Read MailboxSettings.ReadWrite"),
    ("PATCH", both("/mailboxSettings"), "MailboxSettings.ReadWrite", "MailboxSettings.ReadWrite", "MailboxSettings.ReadWrite"),
    ("GET", both("/people"), "People.Read People.Read.All", "People.Read", "People.Read.All"),
    # Presence.Read is the signed-in user's own presence through /me only: the toolkit's maintainers
    # moved to Presence.Read.All for /users/{id}/presence, also for the user's own id (microsoft-graph-toolkit #695).
    ("GET", ["/me/presence"], "Presence.Read Presence.Read.All", "", "Presence.Read.All"),
    ("GET", ["/users/{id}/presence"], "Presence.Read.All", "", "Presence.Read.All"),
    ("GET", ["/communications/presences/{id}"], "Presence.Read.All", "", "Presence.Read.All"),
    ("POST", ["/communications/getPresencesByUserId"], "Presence.Read.All", "", "Presence.Read.All"),
    ("POST", both("/presence/setPresence"), "Presence.ReadWrite", "", "Presence.ReadWrite.All"),
    ("GET", both("/analytics/activityStatistics"), "Analytics.Read", "", ""),
    ("GET", both("/insights/used") + both("/insights/trending") + both("/insights/shared"), "Sites.Read.All Sites.ReadWrite.All", "", "Sites.Read.All Sites.ReadWrite.All"),
    ("GET", both("/appRoleAssignments"), "User.Read Directory.Read.All AppRoleAssignment.ReadWrite.All Directory.ReadWrite.All", "", "Directory.Read.All AppRoleAssignment.ReadWrite.All Directory.ReadWrite.All"),
    ("POST", ["/users/{id}/appRoleAssignments"], "AppRoleAssignment.ReadWrite.All Directory.ReadWrite.All", "", "AppRoleAssignment.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", both("/oauth2PermissionGrants"), "Directory.Read.All DelegatedPermissionGrant.ReadWrite.All Directory.ReadWrite.All", "", "Directory.Read.All DelegatedPermissionGrant.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", both("/joinedTeams"), "Team.ReadBasic.All TeamSettings.Read.All TeamSettings.ReadWrite.All User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All", "",
     "Team.ReadBasic.All TeamSettings.Read.All TeamSettings.ReadWrite.All User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All"),
    ("GET", both("/teamwork/installedApps"), teams_apps("User", READ_APPS + ["ReadWriteSelected"]), "", teams_apps("User", READ_APPS + ["ReadWriteSelected"], ".All")),
    ("GET", both("/settings"), "User.Read User.ReadWrite", "", "User.Read.All User.ReadWrite.All"),
    ("GET", both("/outlook/masterCategories"), "MailboxSettings.Read MailboxSettings.ReadWrite", "MailboxSettings.Read", "MailboxSettings.Read MailboxSettings.ReadWrite"),
    ("POST", both("/exportPersonalData"), "User.Export.All", "", "User.Export.All"),
    ("GET", both("/followedSites"), "Sites.Read.All Sites.ReadWrite.All", "", ""),
    ("PUT", ["/users/{id}/manager/$ref"], "User.ReadWrite.All Directory.ReadWrite.All", "", "User.ReadWrite.All Directory.ReadWrite.All"),
    ("POST", both("/getMemberObjects") + both("/checkMemberObjects"), "User.ReadBasic.All GroupMember.Read.All User.Read.All Directory.Read.All", "",
     "User.ReadBasic.All GroupMember.Read.All User.Read.All Directory.Read.All"),
    ("GET", both("/mailboxSettings/automaticRepliesSetting") + both("/mailboxSettings/timeZone") + both("/mailboxSettings/language") + both("/mailboxSettings/workingHours")
     + both("/mailboxSettings/dateFormat") + both("/mailboxSettings/timeFormat"), "MailboxSettings.Read MailboxSettings.ReadWrite", "MailboxSettings.Read MailboxSettings.ReadWrite", "MailboxSettings.Read MailboxSettings.ReadWrite"),
    ("GET", both("/outlook/supportedTimeZones") + both("/outlook/supportedLanguages"), "User.Read User.ReadBasic.All", "User.Read", "User.Read.All"),
    ("GET", both("/cloudPCs"), "CloudPC.Read.All CloudPC.ReadWrite.All", "", ""),
    ("GET", both("/security/informationProtection/sensitivityLabels"), "InformationProtectionPolicy.Read", "", "InformationProtectionPolicy.Read.All"),
    ("POST", ["/users/{id}/teamwork/sendActivityNotification"], "TeamsActivity.Send", "", "TeamsActivity.Send"),
    # ---- authentication methods and password reset (no application permission for reset)
    ("GET", both("/authentication/methods"), "UserAuthenticationMethod.Read UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite UserAuthenticationMethod.ReadWrite.All", "",
     "UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite.All"),
    ("GET", both("/authentication/methods/{id}"), "UserAuthenticationMethod.Read UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite UserAuthenticationMethod.ReadWrite.All", "",
     "UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite.All"),
    ("POST", both("/authentication/methods/{id}/resetPassword"), "UserAuthenticationMethod.ReadWrite.All", "", ""),
    ("GET", both("/authentication/passwordMethods"), "UserAuthenticationMethod.Read UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite UserAuthenticationMethod.ReadWrite.All", "",
     "UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite.All"),
    ("POST", both("/authentication/passwordMethods/{id}/resetPassword"), "UserAuthenticationMethod.ReadWrite.All", "", ""),
    ("GET", both("/authentication/phoneMethods"), "UserAuthenticationMethod.Read UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite UserAuthenticationMethod.ReadWrite.All", "",
     "UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite.All"),
    ("POST", both("/authentication/phoneMethods"), "UserAuthenticationMethod.ReadWrite UserAuthenticationMethod.ReadWrite.All", "", "UserAuthenticationMethod.ReadWrite.All"),
    ("GET", both("/authentication/emailMethods"), "UserAuthenticationMethod.Read UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite UserAuthenticationMethod.ReadWrite.All", "",
     "UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite.All"),
    ("GET", both("/authentication/microsoftAuthenticatorMethods"), "UserAuthenticationMethod.Read UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite UserAuthenticationMethod.ReadWrite.All", "",
     "UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite.All"),
    ("GET", both("/authentication/fido2Methods"), "UserAuthenticationMethod.Read UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite UserAuthenticationMethod.ReadWrite.All", "",
     "UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite.All"),
    ("POST", both("/authentication/temporaryAccessPassMethods"), "UserAuthenticationMethod.ReadWrite.All", "", "UserAuthenticationMethod.ReadWrite.All"),
    ("GET", both("/authentication/softwareOathMethods") + both("/authentication/windowsHelloForBusinessMethods") + both("/authentication/platformCredentialMethods"),
     "UserAuthenticationMethod.Read UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite UserAuthenticationMethod.ReadWrite.All", "", "UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite.All"),
    # ---- groups
    ("GET", ["/groups"], "GroupMember.Read.All Group.Read.All Directory.Read.All Group.ReadWrite.All Directory.ReadWrite.All", "",
     "GroupMember.Read.All Group.Read.All Directory.Read.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("POST", ["/groups"], "Group.Create Group.ReadWrite.All Directory.ReadWrite.All", "", "Group.Create Group.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/groups/{id}"], "GroupMember.Read.All Group.Read.All Directory.Read.All Group.ReadWrite.All Directory.ReadWrite.All", "",
     "GroupMember.Read.All Group.Read.All Directory.Read.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("PATCH", ["/groups/{id}"], "Group.ReadWrite.All Directory.ReadWrite.All", "", "Group.ReadWrite.All Directory.ReadWrite.All"),
    ("DELETE", ["/groups/{id}"], "Group.ReadWrite.All", "", "Group.ReadWrite.All"),
    ("GET", ["/groups/delta"], "GroupMember.Read.All Group.Read.All Directory.Read.All Group.ReadWrite.All Directory.ReadWrite.All", "",
     "GroupMember.Read.All Group.Read.All Directory.Read.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/groups/{id}/members", "/groups/{id}/transitiveMembers", "/groups/{id}/members/$count"], "GroupMember.Read.All Group.Read.All GroupMember.ReadWrite.All Group.ReadWrite.All Directory.Read.All", "",
     "GroupMember.Read.All Group.Read.All GroupMember.ReadWrite.All Group.ReadWrite.All Directory.Read.All"),
    ("POST", ["/groups/{id}/members/$ref"], "GroupMember.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All", "", "GroupMember.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("DELETE", ["/groups/{id}/members/{id}/$ref"], "GroupMember.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All", "", "GroupMember.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/groups/{id}/owners"], "GroupMember.Read.All Group.Read.All GroupMember.ReadWrite.All Group.ReadWrite.All Directory.Read.All", "",
     "GroupMember.Read.All Group.Read.All GroupMember.ReadWrite.All Group.ReadWrite.All Directory.Read.All"),
    ("POST", ["/groups/{id}/owners/$ref"], "Group.ReadWrite.All Directory.ReadWrite.All", "", "Group.ReadWrite.All Directory.ReadWrite.All"),
    ("DELETE", ["/groups/{id}/owners/{id}/$ref"], "Group.ReadWrite.All Directory.ReadWrite.All", "", "Group.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/groups/{id}/memberOf"], "GroupMember.Read.All Group.Read.All Directory.Read.All", "", "GroupMember.Read.All Group.Read.All Directory.Read.All"),
    ("GET", ["/groups/{id}/conversations", "/groups/{id}/conversations/{id}", "/groups/{id}/conversations/{id}/threads",
             "/groups/{id}/threads", "/groups/{id}/threads/{id}", "/groups/{id}/threads/{id}/posts"],
     "Group-Conversation.Read.All Group-Conversation.ReadWrite.All Group.Read.All Group.ReadWrite.All", "",
     "Group-Conversation.Read.All Group-Conversation.ReadWrite.All Group.Read.All Group.ReadWrite.All"),
    ("GET", ["/groups/{id}/events", "/groups/{id}/calendar/events", "/groups/{id}/calendarView"], "Group.Read.All Group.ReadWrite.All", "", ""),
    ("GET", ["/groups/{id}/drive", "/groups/{id}/drive/root/children", "/groups/{id}/drives"], "Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All", "",
     "Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All"),
    ("GET", ["/groups/{id}/sites/root"], "Sites.Read.All Sites.ReadWrite.All", "", "Sites.Read.All Sites.ReadWrite.All"),
    ("GET", ["/groups/{id}/planner/plans"], "Tasks.Read Group.Read.All Tasks.ReadWrite Group.ReadWrite.All", "", "Tasks.Read.All Tasks.ReadWrite.All"),
    ("POST", ["/groups/{id}/addFavorite", "/groups/{id}/removeFavorite"], "Group.ReadWrite.All", "", ""),
    ("POST", ["/groups/{id}/checkMemberGroups", "/groups/{id}/getMemberGroups"], "GroupMember.Read.All Group.Read.All Directory.Read.All", "", "GroupMember.Read.All Group.Read.All Directory.Read.All"),
    ("GET", ["/groups/{id}/appRoleAssignments"], "Group.Read.All Directory.Read.All AppRoleAssignment.ReadWrite.All", "", "Group.Read.All Directory.Read.All AppRoleAssignment.ReadWrite.All"),
    ("GET", ["/groupSettings"], "GroupSettings.Read.All Directory.Read.All GroupSettings.ReadWrite.All", "", "GroupSettings.Read.All Directory.Read.All GroupSettings.ReadWrite.All"),
    ("GET", ["/groupLifecyclePolicies"], "Directory.Read.All Directory.ReadWrite.All", "", "Directory.Read.All Directory.ReadWrite.All"),
    ("GET", ["/groups/{id}/drive/root", "/groups/{id}/drive/items/{id}", "/groups/{id}/drive/items/{id}/children", "/groups/{id}/drive/items/{id}/content",
             "/groups/{id}/drive/root:{path}", "/groups/{id}/drive/root:{path}:/children", "/groups/{id}/drive/root:{path}:/content"], "Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All", "", "Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All"),
    ("POST", ["/groups/{id}/drive/root/children", "/groups/{id}/drive/items/{id}/children", "/groups/{id}/drive/root:{path}:/createUploadSession",
              "/groups/{id}/drive/items/{id}/createUploadSession"], "Files.ReadWrite.All Sites.ReadWrite.All", "", "Files.ReadWrite.All Sites.ReadWrite.All"),
    ("PUT", ["/groups/{id}/drive/items/{id}/content", "/groups/{id}/drive/root:{path}:/content", "/groups/{id}/drive/items/{id}:{path}:/content"], "Files.ReadWrite.All Sites.ReadWrite.All", "", "Files.ReadWrite.All Sites.ReadWrite.All"),
    ("GET", ["/groups/{id}/photo", "/groups/{id}/photo/$value", "/groups/{id}/photos"], "ProfilePhoto.Read.All Group.Read.All Group.ReadWrite.All", "",
     "ProfilePhoto.Read.All Group.Read.All Group.ReadWrite.All"),
    # OneNote has no application permission any more
    ("GET", ["/groups/{id}/onenote/notebooks", "/groups/{id}/onenote/sections", "/groups/{id}/onenote/pages"], "Notes.Read.All Notes.ReadWrite.All", "", ""),
    # ---- mail
    ("GET", both("/messages") + both("/messages/{id}") + both("/mailFolders/{id}/messages") + both("/mailFolders/{id}/messages/{id}") + both("/mailFolders/{id}/messages/delta"),
     "Mail.ReadBasic Mail.Read Mail.ReadWrite", "Mail.ReadBasic Mail.Read Mail.ReadWrite", "Mail.ReadBasic.All Mail.Read Mail.ReadWrite"),
    ("GET", both("/messages/{id}/$value") + both("/messages/{id}/attachments") + both("/messages/{id}/attachments/{id}"), "Mail.Read Mail.ReadWrite", "Mail.Read Mail.ReadWrite", "Mail.Read Mail.ReadWrite"),
    ("POST", both("/messages") + both("/mailFolders/{id}/messages"), "Mail.ReadWrite", "Mail.ReadWrite", "Mail.ReadWrite"),
    ("PATCH", both("/messages/{id}"), "Mail.ReadWrite", "Mail.ReadWrite", "Mail.ReadWrite"),
    ("DELETE", both("/messages/{id}"), "Mail.ReadWrite", "Mail.ReadWrite", "Mail.ReadWrite"),
    ("POST", both("/messages/{id}/move") + both("/messages/{id}/copy") + both("/messages/{id}/attachments") + both("/messages/{id}/createReply") + both("/messages/{id}/createForward"),
     "Mail.ReadWrite", "Mail.ReadWrite", "Mail.ReadWrite"),
    ("POST", both("/sendMail") + both("/messages/{id}/send") + both("/messages/{id}/reply") + both("/messages/{id}/replyAll") + both("/messages/{id}/forward"),
     "Mail.Send Mail.Send.Shared", "Mail.Send", "Mail.Send"),
    ("GET", both("/mailFolders") + both("/mailFolders/{id}") + both("/mailFolders/{id}/childFolders") + both("/mailFolders/delta"),
     "Mail.ReadBasic Mail.Read Mail.ReadWrite", "Mail.ReadBasic Mail.Read Mail.ReadWrite", "Mail.ReadBasic.All Mail.Read Mail.ReadWrite"),
    ("POST", both("/mailFolders") + both("/mailFolders/{id}/childFolders"), "Mail.ReadWrite", "Mail.ReadWrite", "Mail.ReadWrite"),
    ("GET", both("/mailFolders/{id}/messageRules") + both("/mailFolders/inbox/messageRules"), "MailboxSettings.Read MailboxSettings.ReadWrite", "MailboxSettings.Read MailboxSettings.ReadWrite", "MailboxSettings.Read MailboxSettings.ReadWrite"),
    ("GET", both("/inferenceClassification/overrides"), "Mail.Read Mail.ReadWrite", "Mail.Read", "Mail.Read Mail.ReadWrite"),
    ("POST", both("/mailFolders/{id}/messages/{id}/move") + both("/mailFolders/{id}/messages/{id}/copy"), "Mail.ReadWrite", "Mail.ReadWrite", "Mail.ReadWrite"),
    # ---- calendar
    ("GET", both("/events") + both("/events/{id}") + both("/calendar/events") + both("/calendars/{id}/events") + both("/calendarView") + both("/calendar/calendarView")
     + both("/events/{id}/instances") + both("/calendarView/delta") + both("/calendars") + both("/calendar") + both("/calendars/{id}") + both("/calendarGroups"),
     "Calendars.ReadBasic Calendars.Read Calendars.ReadWrite", "Calendars.ReadBasic Calendars.Read Calendars.ReadWrite", "Calendars.ReadBasic Calendars.Read Calendars.ReadWrite"),
    ("POST", both("/events") + both("/calendar/events") + both("/calendars/{id}/events") + both("/calendars"), "Calendars.ReadWrite", "Calendars.ReadWrite", "Calendars.ReadWrite"),
    ("PATCH", both("/events/{id}") + both("/calendars/{id}"), "Calendars.ReadWrite", "Calendars.ReadWrite", "Calendars.ReadWrite"),
    ("DELETE", both("/events/{id}") + both("/calendars/{id}"), "Calendars.ReadWrite", "Calendars.ReadWrite", "Calendars.ReadWrite"),
    ("POST", both("/events/{id}/accept") + both("/events/{id}/decline") + both("/events/{id}/tentativelyAccept") + both("/events/{id}/cancel") + both("/events/{id}/forward"),
     "Calendars.ReadWrite", "Calendars.ReadWrite", "Calendars.ReadWrite"),
    ("POST", both("/findMeetingTimes"), "Calendars.Read.Shared Calendars.ReadWrite.Shared", "", ""),
    ("POST", both("/calendar/getSchedule"), "Calendars.ReadBasic Calendars.Read Calendars.ReadWrite", "", "Calendars.ReadBasic Calendars.Read Calendars.ReadWrite"),
    ("GET", ["/places/microsoft.graph.room", "/places/microsoft.graph.roomlist"], "Place.Read.All", "", "Place.Read.All"),
    ("GET", both("/calendar/events/{id}") + both("/calendar/events/{id}/instances") + both("/calendars/{id}/events/{id}"), "Calendars.ReadBasic Calendars.Read Calendars.ReadWrite", "Calendars.ReadBasic Calendars.Read Calendars.ReadWrite", "Calendars.ReadBasic Calendars.Read Calendars.ReadWrite"),
    ("GET", both("/events/{id}/attachments") + both("/calendar/events/{id}/attachments"),
     "Calendars.Read Calendars.ReadWrite", "Calendars.Read Calendars.ReadWrite", "Calendars.Read Calendars.ReadWrite"),
    ("GET", both("/calendar/calendarPermissions") + both("/calendars/{id}/calendarPermissions"), "Calendars.Read Calendars.ReadWrite", "", "Calendars.Read Calendars.ReadWrite"),
    # ---- contacts
    ("GET", both("/contacts") + both("/contacts/{id}") + both("/contactFolders") + both("/contactFolders/{id}/contacts") + both("/contacts/delta"),
     "Contacts.Read Contacts.ReadWrite", "Contacts.Read Contacts.ReadWrite", "Contacts.Read Contacts.ReadWrite"),
    ("POST", both("/contacts") + both("/contactFolders") + both("/contactFolders/{id}/contacts"), "Contacts.ReadWrite", "Contacts.ReadWrite", "Contacts.ReadWrite"),
    ("PATCH", both("/contacts/{id}"), "Contacts.ReadWrite", "Contacts.ReadWrite", "Contacts.ReadWrite"),
    ("DELETE", both("/contacts/{id}"), "Contacts.ReadWrite", "Contacts.ReadWrite", "Contacts.ReadWrite"),
    ("GET", ["/contacts", "/contacts/{id}"], "OrgContact.Read.All Directory.Read.All", "", "OrgContact.Read.All Directory.Read.All"),
    ("GET", both("/contacts/{id}/photo") + both("/contacts/{id}/photo/$value"), "Contacts.Read Contacts.ReadWrite", "Contacts.Read Contacts.ReadWrite", "Contacts.Read Contacts.ReadWrite"),
    # ---- OneDrive / files
    ("GET", both("/drive") + both("/drives"), "Files.Read Files.ReadWrite Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All", "Files.Read Files.ReadWrite Files.Read.All Files.ReadWrite.All",
     "Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All"),
    ("GET", both("/drive/root") + both("/drive/root/children") + both("/drive/items/{id}") + both("/drive/items/{id}/children") + both("/drive/root:{path}")
     + both("/drive/root:{path}:/children") + both("/drive/items/{id}/content") + both("/drive/root:{path}:/content") + both("/drive/root/delta") + both("/drive/recent")
     + both("/drive/items/{id}/thumbnails") + both("/drive/items/{id}/versions") + both("/drive/root/search") + both("/drive/special/{id}") + both("/drive/items/{id}/permissions"),
     "Files.Read Files.ReadWrite Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All", "Files.Read Files.ReadWrite Files.Read.All Files.ReadWrite.All",
     "Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All"),
    ("GET", both("/drive/sharedWithMe"), "Files.Read.All Files.ReadWrite.All", "Files.Read.All Files.ReadWrite.All", ""),
    ("PUT", both("/drive/items/{id}/content") + both("/drive/root:{path}:/content") + both("/drive/items/{id}:{path}:/content"), "Files.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All", "Files.ReadWrite Files.ReadWrite.All",
     "Files.ReadWrite.All Sites.ReadWrite.All"),
    ("POST", both("/drive/root/children") + both("/drive/items/{id}/children") + both("/drive/items/{id}/copy") + both("/drive/items/{id}/createLink") + both("/drive/items/{id}/invite")
     + both("/drive/root:{path}:/createUploadSession") + both("/drive/items/{id}/createUploadSession") + both("/drive/items/{id}/checkin") + both("/drive/items/{id}/checkout"),
     "Files.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All", "Files.ReadWrite Files.ReadWrite.All", "Files.ReadWrite.All Sites.ReadWrite.All"),
    ("PATCH", both("/drive/items/{id}") + both("/drive/root:{path}"), "Files.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All", "Files.ReadWrite Files.ReadWrite.All", "Files.ReadWrite.All Sites.ReadWrite.All"),
    ("DELETE", both("/drive/items/{id}") + both("/drive/root:{path}"), "Files.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All", "Files.ReadWrite Files.ReadWrite.All", "Files.ReadWrite.All Sites.ReadWrite.All"),
    ("GET", ["/drives/{id}", "/drives/{id}/root", "/drives/{id}/root/children", "/drives/{id}/items/{id}", "/drives/{id}/items/{id}/children", "/drives/{id}/items/{id}/content",
             "/drives/{id}/root:{path}", "/drives/{id}/root:{path}:/content", "/drives/{id}/root/delta", "/drives/{id}/items/{id}/permissions", "/shares/{id}/driveItem"],
     "Files.Read Files.ReadWrite Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All", "Files.Read Files.ReadWrite Files.Read.All Files.ReadWrite.All",
     "Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All"),
    ("PUT", ["/drives/{id}/items/{id}/content", "/drives/{id}/root:{path}:/content", "/drives/{id}/items/{id}:{path}:/content"],
     "Files.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All", "Files.ReadWrite Files.ReadWrite.All", "Files.ReadWrite.All Sites.ReadWrite.All"),
    ("POST", ["/drives/{id}/items/{id}/children", "/drives/{id}/root/children", "/drives/{id}/items/{id}/createUploadSession", "/drives/{id}/root:{path}:/createUploadSession",
              "/drives/{id}/items/{id}/invite", "/drives/{id}/items/{id}/createLink", "/drives/{id}/items/{id}/copy"],
     "Files.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All", "Files.ReadWrite Files.ReadWrite.All", "Files.ReadWrite.All Sites.ReadWrite.All"),
    ("PATCH", ["/drives/{id}/items/{id}"], "Files.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All", "Files.ReadWrite Files.ReadWrite.All", "Files.ReadWrite.All Sites.ReadWrite.All"),
    ("DELETE", ["/drives/{id}/items/{id}"], "Files.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All", "Files.ReadWrite Files.ReadWrite.All", "Files.ReadWrite.All Sites.ReadWrite.All"),
    ("GET", ["/drives/{id}/items/{id}/workbook/worksheets", "/drives/{id}/items/{id}/workbook/worksheets/{id}/range", "/drives/{id}/items/{id}/workbook/tables"]
     + both("/drive/items/{id}/workbook/worksheets") + both("/drive/items/{id}/workbook/worksheets/{id}/range") + both("/drive/items/{id}/workbook/tables") + both("/drive/items/{id}/workbook/worksheets/{id}/usedRange"),
     "Files.Read Files.ReadWrite Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All", "Files.Read Files.ReadWrite", ""),
    ("PATCH", both("/drive/items/{id}/workbook/worksheets/{id}/range") + ["/drives/{id}/items/{id}/workbook/worksheets/{id}/range"], "Files.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All", "Files.ReadWrite", ""),
    ("POST", both("/drive/items/{id}/preview") + ["/drives/{id}/items/{id}/preview"], "Files.Read Files.ReadWrite Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All", "Files.Read Files.ReadWrite Files.Read.All Files.ReadWrite.All", "Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All"),
    ("DELETE", both("/drive/items/{id}/permissions/{id}") + ["/drives/{id}/items/{id}/permissions/{id}"], "Files.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All", "Files.ReadWrite Files.ReadWrite.All", "Files.ReadWrite.All Sites.ReadWrite.All"),
    ("GET", ["/sites/{id}/drive/items/{id}/children", "/sites/{id}/drive/items/{id}/content", "/sites/{id}/drive/root:{path}:/children", "/sites/{id}/drive/root:{path}:/content",
             "/sites/{id}/drive/items/{id}/permissions"], "Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All", "", "Sites.Selected Files.Read.All Files.ReadWrite.All Sites.Read.All Sites.ReadWrite.All"),
    ("POST", ["/sites/{id}/drive/root/children", "/sites/{id}/drive/items/{id}/children", "/sites/{id}/drive/root:{path}:/createUploadSession",
              "/sites/{id}/drive/items/{id}/createUploadSession"], "Files.ReadWrite.All Sites.ReadWrite.All", "", "Sites.Selected Files.ReadWrite.All Sites.ReadWrite.All"),
    ("PUT", ["/sites/{id}/drive/items/{id}/content", "/sites/{id}/drive/root:{path}:/content", "/sites/{id}/drive/items/{id}:{path}:/content"], "Files.ReadWrite.All Sites.ReadWrite.All", "", "Sites.Selected Files.ReadWrite.All Sites.ReadWrite.All"),
    # Excel sessions: personal accounts yes, no application permission (the workbook reference pages)
    ("POST", both("/drive/items/{id}/workbook/createSession") + both("/drive/items/{id}/workbook/closeSession") + both("/drive/items/{id}/workbook/refreshSession")
     + both("/drive/root:{path}:/workbook/createSession") + ["/drives/{id}/items/{id}/workbook/createSession"],
     "Files.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All", "Files.ReadWrite", ""),
    # ---- SharePoint sites and lists
    ("GET", ["/sites", "/sites/root", "/sites/{id}", "/sites/{id}/sites", "/sites/{id}/drives", "/sites/{id}/drive", "/sites/{id}/drive/root/children", "/sites/{id}/drive/items/{id}",
             "/sites/{id}/drive/root:{path}", "/sites/{id}/columns", "/sites/{id}/contentTypes", "/sites/getAllSites"],
     "Sites.Read.All Sites.ReadWrite.All Sites.Manage.All Sites.FullControl.All", "", "Sites.Selected Sites.Read.All Sites.ReadWrite.All Sites.Manage.All Sites.FullControl.All"),
    ("GET", ["/sites/{id}/lists", "/sites/{id}/lists/{id}", "/sites/{id}/lists/{id}/items", "/sites/{id}/lists/{id}/items/{id}", "/sites/{id}/lists/{id}/columns", "/sites/{id}/lists/{id}/items/delta",
             "/sites/{id}/lists/{id}/items/{id}/fields", "/sites/{id}/lists/{id}/items/{id}/driveItem", "/sites/{id}/lists/{id}/contentTypes"],
     "Sites.Read.All Sites.ReadWrite.All Sites.Manage.All Sites.FullControl.All", "", "Sites.Selected Sites.Read.All Sites.ReadWrite.All Sites.Manage.All Sites.FullControl.All"),
    ("POST", ["/sites/{id}/lists/{id}/items"], "Sites.ReadWrite.All Sites.Manage.All Sites.FullControl.All", "", "Sites.Selected Sites.ReadWrite.All Sites.Manage.All Sites.FullControl.All"),
    ("PATCH", ["/sites/{id}/lists/{id}/items/{id}", "/sites/{id}/lists/{id}/items/{id}/fields"], "Sites.ReadWrite.All Sites.Manage.All Sites.FullControl.All", "", "Sites.Selected Sites.ReadWrite.All Sites.Manage.All Sites.FullControl.All"),
    ("DELETE", ["/sites/{id}/lists/{id}/items/{id}"], "Sites.ReadWrite.All Sites.Manage.All Sites.FullControl.All", "", "Sites.Selected Sites.ReadWrite.All Sites.Manage.All Sites.FullControl.All"),
    ("POST", ["/sites/{id}/lists"], "Sites.Manage.All Sites.FullControl.All", "", "Sites.Selected Sites.Manage.All Sites.FullControl.All"),
    ("GET", ["/sites/{id}/permissions"], "Sites.FullControl.All", "", "Sites.FullControl.All"),
    ("POST", ["/sites/{id}/permissions"], "Sites.FullControl.All", "", "Sites.FullControl.All"),
    ("GET", ["/sites/{id}/pages", "/sites/{id}/pages/{id}"], "Sites.Read.All Sites.ReadWrite.All", "", "Sites.Read.All Sites.ReadWrite.All"),
    # ---- Teams, channels, chats
    ("GET", ["/teams/{id}"], "Team.ReadBasic.All TeamSettings.Read.All TeamSettings.ReadWrite.All Group.Read.All Group.ReadWrite.All Directory.Read.All Directory.ReadWrite.All", "",
     "Team.ReadBasic.All TeamSettings.Read.All TeamSettings.ReadWrite.All Group.Read.All Group.ReadWrite.All Directory.Read.All Directory.ReadWrite.All"),
    ("POST", ["/teams"], "Team.Create Group.ReadWrite.All Directory.ReadWrite.All", "", "Team.Create Teamwork.Migrate.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("PATCH", ["/teams/{id}"], "TeamSettings.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All", "", "TeamSettings.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/teams"], "Team.ReadBasic.All TeamSettings.Read.All", "", "Team.ReadBasic.All TeamSettings.Read.All"),
    ("GET", ["/teams/{id}/channels", "/teams/{id}/channels/{id}", "/teams/{id}/allChannels", "/teams/{id}/primaryChannel"],
     "Channel.ReadBasic.All ChannelSettings.Read.All ChannelSettings.ReadWrite.All Group.Read.All Group.ReadWrite.All Directory.Read.All Directory.ReadWrite.All", "",
     "Channel.ReadBasic.All ChannelSettings.Read.All ChannelSettings.ReadWrite.All Group.Read.All Group.ReadWrite.All Directory.Read.All Directory.ReadWrite.All"),
    ("POST", ["/teams/{id}/channels"], "Channel.Create Group.ReadWrite.All Directory.ReadWrite.All", "", "Channel.Create Teamwork.Migrate.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/teams/{id}/channels/{id}/messages", "/teams/{id}/channels/{id}/messages/{id}", "/teams/{id}/channels/{id}/messages/{id}/replies", "/teams/{id}/channels/{id}/messages/delta"],
     "ChannelMessage.Read.All", "", "ChannelMessage.Read.Group ChannelMessage.Read.All"),
    ("POST", ["/teams/{id}/channels/{id}/messages", "/teams/{id}/channels/{id}/messages/{id}/replies"], "ChannelMessage.Send Group.ReadWrite.All", "", "Teamwork.Migrate.All"),
    ("GET", ["/teams/{id}/members", "/teams/{id}/channels/{id}/members"], "TeamMember.Read.All TeamMember.ReadWrite.All", "", "TeamMember.Read.Group TeamMember.Read.All TeamMember.ReadWrite.All"),
    ("POST", ["/teams/{id}/members"], "TeamMember.ReadWrite.All", "", "TeamMember.ReadWrite.All"),
    ("GET", ["/teams/{id}/installedApps"], teams_apps("Team", READ_APPS + ["ManageSelected"]) + " Group.Read.All Group.ReadWrite.All Directory.Read.All Directory.ReadWrite.All", "",
     "TeamsAppInstallation.Read.Group " + teams_apps("Team", READ_APPS + ["ManageSelected"], ".All")
     + " TeamsAppInstallation.Read.All Group.Read.All Group.ReadWrite.All Directory.Read.All Directory.ReadWrite.All"),
    ("GET", ["/teams/{id}/schedule/shifts", "/teams/{id}/schedule"], "Schedule.Read.All Schedule.ReadWrite.All Group.Read.All Group.ReadWrite.All", "", "Schedule.Read.All Schedule.ReadWrite.All"),
    ("GET", both("/chats") + both("/chats/{id}"), "Chat.ReadBasic Chat.Read Chat.ReadWrite", "", "Chat.ReadBasic.All Chat.Read.All Chat.ReadWrite.All"),
    ("GET", ["/chats/{id}", "/chats/{id}/members"], "Chat.ReadBasic Chat.Read Chat.ReadWrite ChatMember.Read ChatMember.ReadWrite", "", "Chat.ReadBasic.All ChatMember.Read.All Chat.Read.All Chat.ReadWrite.All"),
    ("GET", ["/chats/{id}/messages", "/chats/{id}/messages/{id}"] + both("/chats/{id}/messages"), "Chat.Read Chat.ReadWrite", "", "ChatMessage.Read.Chat Chat.Read.All Chat.ReadWrite.All"),
    # ---- Entra Agent ID: blueprints, their principals, agent identities and agent users (OData casts)
    ("POST", ["/applications/microsoft.graph.agentIdentityBlueprint"], "AgentIdentityBlueprint.Create AgentIdentityBlueprint.ReadWrite.All", "",
     "AgentIdentityBlueprint.Create AgentIdentityBlueprint.ReadWrite.All"),
    ("POST", ["/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal"],
     "AgentIdentityBlueprintPrincipal.Create AgentIdentityBlueprintPrincipal.ReadWrite.All", "",
     "AgentIdentityBlueprintPrincipal.Create AgentIdentityBlueprintPrincipal.ReadWrite.All"),
    ("POST", ["/servicePrincipals/microsoft.graph.agentIdentity"], "AgentIdentity.Create.All", "", "AgentIdentity.CreateAsManager AgentIdentity.Create.All"),
    ("GET", ["/servicePrincipals/microsoft.graph.agentIdentity"], "AgentIdentity.Read.All AgentIdentity.ReadWrite.All", "",
     "AgentIdentity.Read.All AgentIdentity.ReadWrite.All"),
    ("GET", ["/users/microsoft.graph.agentUser"],
     "User.ReadBasic.All User.Read.All User.ReadWrite.All AgentIdUser.ReadWrite.All AgentIdUser.ReadWrite.IdentityParentedBy Directory.Read.All Directory.ReadWrite.All",
     "", "User.ReadBasic.All User.Read.All User.ReadWrite.All AgentIdUser.ReadWrite.All AgentIdUser.ReadWrite.IdentityParentedBy Directory.Read.All Directory.ReadWrite.All"),
    ("POST", ["/chats/{id}/messages"], "ChatMessage.Send Chat.ReadWrite Group.ReadWrite.All", "", "Teamwork.Migrate.All ChatMessage.ReadWriteSelected.Chat"),
    # GET /chats lists the signed-in user's chats: an app reads a user's through /users/{id}/chats.
    ("GET", ["/chats"], "Chat.ReadBasic Chat.Read Chat.ReadWrite", "", ""),
    ("POST", ["/chats"], "Chat.Create Chat.ReadWrite", "", "Chat.Create Teamwork.Migrate.All"),
    ("GET", ["/users/{id}/chats/getAllMessages", "/chats/getAllMessages"], "", "", "Chat.Read.All Chat.ReadWrite.All"),
    ("GET", ["/teams/{id}/channels/getAllMessages", "/teams/getAllMessages"], "", "", "ChannelMessage.Read.All"),
    ("GET", ["/appCatalogs/teamsApps", "/appCatalogs/teamsApps/{id}"], "AppCatalog.Read.All AppCatalog.ReadWrite.All Directory.Read.All", "", "AppCatalog.Read.All AppCatalog.ReadWrite.All Directory.Read.All"),
    ("GET", ["/groups/{id}/team"], "Team.ReadBasic.All TeamSettings.Read.All TeamSettings.ReadWrite.All Group.Read.All Group.ReadWrite.All Directory.Read.All Directory.ReadWrite.All", "", "Team.ReadBasic.All TeamSettings.Read.All TeamSettings.ReadWrite.All Group.Read.All Group.ReadWrite.All Directory.Read.All Directory.ReadWrite.All"),
    ("GET", ["/teams/{id}/channels/{id}/filesFolder"], "Files.Read.All Files.ReadWrite.All", "", "Files.Read.All Files.ReadWrite.All"),
    ("GET", ["/teams/{id}/channels/{id}/tabs", "/teams/{id}/channels/{id}/tabs/{id}"], "TeamsTab.Read.All TeamsTab.ReadWriteForTeam TeamsTab.ReadWrite.All", "", "TeamsTab.Read.All TeamsTab.ReadWriteForTeam.All TeamsTab.ReadWrite.All"),
    ("GET", ["/chats/{id}/tabs", "/chats/{id}/tabs/{id}"], "TeamsTab.ReadWriteForChat TeamsTab.Read.All TeamsTab.ReadWrite.All", "",
     "TeamsTab.ReadWriteForChat.All TeamsTab.Read.All TeamsTab.ReadWrite.All"),
    ("POST", ["/teams/{id}/archive", "/teams/{id}/unarchive"], "TeamSettings.ReadWrite.All", "", "TeamSettings.ReadWrite.All"),
    ("POST", ["/teams/{id}/clone"], "Team.Create Group.ReadWrite.All", "", "Team.Create Group.ReadWrite.All"),
    ("PUT", ["/groups/{id}/team"], "Group.ReadWrite.All Directory.ReadWrite.All", "", "Group.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/chats/{id}/installedApps"], teams_apps("Chat", READ_APPS + ["ManageSelected"]), "",
     teams_apps("Chat", READ_APPS + ["ManageSelected"], ".All") + " TeamsAppInstallation.Read.Chat Chat.Manage.Chat"),
    ("GET", ["/chats/{id}/pinnedMessages"], "Chat.Read Chat.ReadWrite", "", "ChatMessage.Read.Chat Chat.Read.All Chat.ReadWrite.All"),
    # ---- online meetings and communications
    ("GET", both("/onlineMeetings") + both("/onlineMeetings/{id}"), "OnlineMeetings.Read OnlineMeetings.ReadWrite", "", "OnlineMeetings.Read.All OnlineMeetings.ReadWrite.All"),
    ("POST", both("/onlineMeetings") + both("/onlineMeetings/createOrGet"), "OnlineMeetings.ReadWrite", "", "OnlineMeetings.ReadWrite.All"),
    ("GET", both("/onlineMeetings/{id}/attendanceReports") + both("/onlineMeetings/{id}/transcripts") + both("/onlineMeetings/{id}/recordings"),
     "OnlineMeetingArtifact.Read.All OnlineMeetingTranscript.Read.All OnlineMeetingRecording.Read.All", "", "OnlineMeetingArtifact.Read.All OnlineMeetingTranscript.Read.All OnlineMeetingRecording.Read.All"),
    ("GET", ["/communications/callRecords/{id}", "/communications/callRecords"], "", "", "CallRecords.Read.All"),
    ("POST", ["/communications/calls"], "", "", "Calls.JoinGroupCallAsGuest.All Calls.JoinGroupCall.All Calls.Initiate.All Calls.InitiateGroupCall.All"),
    ("GET", both("/onlineMeetings/{id}/transcripts/{id}") + both("/onlineMeetings/{id}/transcripts/{id}/content"),
     "OnlineMeetingTranscript.Read.All", "", "OnlineMeetingTranscript.Read.All"),
    ("GET", both("/onlineMeetings/{id}/recordings/{id}") + both("/onlineMeetings/{id}/recordings/{id}/content"),
     "OnlineMeetingRecording.Read.All", "", "OnlineMeetingRecording.Read.All"),
    ("GET", ["/solutions/virtualEvents/webinars", "/solutions/virtualEvents/webinars/{id}", "/solutions/virtualEvents/townhalls", "/solutions/virtualEvents/townhalls/{id}"],
     "VirtualEvent.Read", "", "VirtualEvent.Read.All"),
    # ---- applications, service principals, app roles, consent grants
    ("GET", ["/applications", "/applications/{id}", "/applications/delta"], "Application.Read.All Application.ReadWrite.All Directory.Read.All", "", "Application.Read.All Application.ReadWrite.OwnedBy Application.ReadWrite.All Directory.Read.All"),
    ("POST", ["/applications"], "Application.ReadWrite.All Directory.ReadWrite.All", "", "Application.ReadWrite.OwnedBy Application.ReadWrite.All"),
    ("PATCH", ["/applications/{id}"], "Application.ReadWrite.All Directory.ReadWrite.All", "", "Application.ReadWrite.OwnedBy Application.ReadWrite.All"),
    ("DELETE", ["/applications/{id}"], "Application.ReadWrite.All Directory.ReadWrite.All", "", "Application.ReadWrite.OwnedBy Application.ReadWrite.All"),
    ("POST", ["/applications/{id}/addPassword", "/applications/{id}/removePassword", "/applications/{id}/addKey", "/applications/{id}/removeKey"],
     "Application.ReadWrite.All Directory.ReadWrite.All", "", "Application.ReadWrite.OwnedBy Application.ReadWrite.All"),
    ("GET", ["/applications/{id}/owners", "/applications/{id}/federatedIdentityCredentials"], "Application.Read.All Application.ReadWrite.All Directory.Read.All", "", "Application.Read.All Application.ReadWrite.OwnedBy Application.ReadWrite.All"),
    ("POST", ["/applications/{id}/federatedIdentityCredentials"], "Application.ReadWrite.All", "", "Application.ReadWrite.OwnedBy Application.ReadWrite.All"),
    ("GET", ["/servicePrincipals", "/servicePrincipals/{id}", "/servicePrincipals/delta"], "Application.Read.All Application.ReadWrite.All Directory.Read.All", "", "Application.Read.All Application.ReadWrite.OwnedBy Application.ReadWrite.All Directory.Read.All"),
    ("POST", ["/servicePrincipals"], "Application.ReadWrite.All Directory.ReadWrite.All", "", "Application.ReadWrite.OwnedBy Application.ReadWrite.All"),
    ("PATCH", ["/servicePrincipals/{id}"], "Application.ReadWrite.All Directory.ReadWrite.All", "", "Application.ReadWrite.OwnedBy Application.ReadWrite.All"),
    ("GET", ["/servicePrincipals/{id}/appRoleAssignedTo", "/servicePrincipals/{id}/appRoleAssignments"], "Application.Read.All Directory.Read.All AppRoleAssignment.ReadWrite.All", "", "Application.Read.All Directory.Read.All AppRoleAssignment.ReadWrite.All"),
    # "A+B": A and B together. Granting an app role needs the resource's service principal read too (the reference's
    # "AppRoleAssignment.ReadWrite.All and Application.Read.All"; microsoft-graph-docs issues 3970 and 12833 hit the 403
    # with AppRoleAssignment.ReadWrite.All alone).
    ("POST", ["/servicePrincipals/{id}/appRoleAssignedTo", "/servicePrincipals/{id}/appRoleAssignments"],
     "AppRoleAssignment.ReadWrite.All+Application.Read.All AppRoleAssignment.ReadWrite.All+Directory.Read.All", "",
     "AppRoleAssignment.ReadWrite.All+Application.Read.All AppRoleAssignment.ReadWrite.All+Directory.Read.All"),
    ("POST", ["/groups/{id}/appRoleAssignments"], "AppRoleAssignment.ReadWrite.All+Group.Read.All", "", "AppRoleAssignment.ReadWrite.All+Group.Read.All"),
    ("DELETE", ["/users/{id}/appRoleAssignments/{id}", "/groups/{id}/appRoleAssignments/{id}"], "AppRoleAssignment.ReadWrite.All", "", "AppRoleAssignment.ReadWrite.All"),
    ("DELETE", ["/servicePrincipals/{id}/appRoleAssignedTo/{id}", "/servicePrincipals/{id}/appRoleAssignments/{id}"], "AppRoleAssignment.ReadWrite.All", "", "AppRoleAssignment.ReadWrite.All"),
    ("GET", ["/servicePrincipals/{id}/oauth2PermissionGrants", "/oauth2PermissionGrants", "/oauth2PermissionGrants/{id}"], "Directory.Read.All DelegatedPermissionGrant.ReadWrite.All", "", "Directory.Read.All DelegatedPermissionGrant.ReadWrite.All"),
    ("POST", ["/oauth2PermissionGrants"], "DelegatedPermissionGrant.ReadWrite.All Directory.ReadWrite.All", "", "DelegatedPermissionGrant.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/servicePrincipals/{id}/owners", "/servicePrincipals/{id}/memberOf"], "Application.Read.All Directory.Read.All", "", "Application.Read.All Directory.Read.All"),
    ("POST", ["/servicePrincipals/{id}/addPassword"], "Application.ReadWrite.All", "", "Application.ReadWrite.OwnedBy Application.ReadWrite.All"),
    # Adding an owner needs Directory.Read.All besides the Application permission (to read the new owner).
    ("POST", ["/applications/{id}/owners/$ref", "/servicePrincipals/{id}/owners/$ref"], "Application.ReadWrite.All+Directory.Read.All Directory.ReadWrite.All", "",
     "Application.ReadWrite.OwnedBy+Directory.Read.All Application.ReadWrite.All+Directory.Read.All Directory.ReadWrite.All"),
    ("DELETE", ["/applications/{id}/owners/{id}/$ref", "/servicePrincipals/{id}/owners/{id}/$ref"], "Application.ReadWrite.All Directory.ReadWrite.All", "",
     "Application.ReadWrite.OwnedBy Application.ReadWrite.All"),
    ("POST", ["/applications/{id}/extensionProperties"], "Application.ReadWrite.All Directory.ReadWrite.All", "Application.ReadWrite.All",
     "Application.ReadWrite.OwnedBy Application.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/identity/conditionalAccess/policies", "/identity/conditionalAccess/policies/{id}", "/identity/conditionalAccess/namedLocations"], "Policy.Read.All Policy.ReadWrite.ConditionalAccess", "", "Policy.Read.All Policy.ReadWrite.ConditionalAccess"),
    # Policy writes take both together (the reference's "and"), written A+B.
    ("POST", ["/identity/conditionalAccess/policies"], "Policy.Read.All+Policy.ReadWrite.ConditionalAccess", "", "Policy.Read.All+Policy.ReadWrite.ConditionalAccess"),
    ("GET", ["/policies/authorizationPolicy", "/policies/tokenLifetimePolicies", "/policies/identitySecurityDefaultsEnforcementPolicy"],
     "Policy.Read.All Policy.ReadWrite.AuthenticationMethod Policy.ReadWrite.Authorization", "", "Policy.Read.All Policy.ReadWrite.AuthenticationMethod Policy.ReadWrite.Authorization"),
    ("GET", ["/policies/authenticationMethodsPolicy", "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}"],
     "Policy.Read.AuthenticationMethod Policy.Read.All Policy.ReadWrite.AuthenticationMethod", "", "Policy.Read.AuthenticationMethod Policy.Read.All Policy.ReadWrite.AuthenticationMethod"),
    ("PATCH", ["/policies/authenticationMethodsPolicy", "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}"],
     "Policy.ReadWrite.AuthenticationMethod", "", "Policy.ReadWrite.AuthenticationMethod"),
    ("GET", ["/applications/{id}/extensionProperties"], "Application.Read.All Directory.Read.All Application.ReadWrite.All Directory.ReadWrite.All", "", "Application.Read.All Directory.Read.All Application.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/servicePrincipals/{id}/synchronization/jobs", "/servicePrincipals/{id}/synchronization/jobs/{id}"],
     "Synchronization.Read.All Synchronization.ReadWrite.All", "", "Synchronization.Read.All Synchronization.ReadWrite.All"),
    ("POST", ["/servicePrincipals/{id}/synchronization/jobs", "/servicePrincipals/{id}/synchronization/jobs/{id}/start"],
     "Synchronization.ReadWrite.All", "", "Synchronization.ReadWrite.All"),
    # ---- SharePoint term store (taxonomy). Its API pages say "application: not supported", but the
    # permissions reference publishes TermStore.* as application permissions too, and apps use them.
    ("GET", [p + "/termStore" + s for p in ("/sites/{id}", "") for s in TERM_STORE], "TermStore.Read.All TermStore.ReadWrite.All", "",
     "TermStore.Read.All TermStore.ReadWrite.All"),
    ("POST PATCH DELETE", [p + "/termStore" + s for p in ("/sites/{id}", "") for s in TERM_STORE], "TermStore.ReadWrite.All", "", "TermStore.ReadWrite.All"),
    # ---- the Copilot retrieval API: delegated only
    ("POST", ["/copilot/retrieval"], "Files.Read.All Sites.Read.All ExternalItem.Read.All", "", ""),
    # ---- directory, roles, role management, organization, devices
    ("GET", ["/directoryRoles", "/directoryRoles/{id}", "/directoryRoles/{id}/members", "/directoryRoleTemplates"], "RoleManagement.Read.Directory Directory.Read.All RoleManagement.ReadWrite.Directory Directory.ReadWrite.All", "",
     "RoleManagement.Read.Directory Directory.Read.All RoleManagement.ReadWrite.Directory Directory.ReadWrite.All"),
    ("POST", ["/directoryRoles/{id}/members/$ref"], "RoleManagement.ReadWrite.Directory", "", "RoleManagement.ReadWrite.Directory"),
    ("GET", ["/directory/deviceLocalCredentials", "/directory/deviceLocalCredentials/{id}"],
     "DeviceLocalCredential.ReadBasic.All DeviceLocalCredential.Read.All", "", "DeviceLocalCredential.ReadBasic.All DeviceLocalCredential.Read.All"),
    ("GET", ["/roleManagement/directory/roleDefinitions", "/roleManagement/directory/roleDefinitions/{id}", "/roleManagement/directory/roleAssignments", "/roleManagement/directory/roleAssignments/{id}"],
     "RoleManagement.Read.Directory RoleManagement.Read.All RoleManagement.ReadWrite.Directory", "", "RoleManagement.Read.Directory RoleManagement.Read.All RoleManagement.ReadWrite.Directory"),
    ("POST", ["/roleManagement/directory/roleAssignments"], "RoleManagement.ReadWrite.Directory", "", "RoleManagement.ReadWrite.Directory"),
    # PIM has permissions of its own, least privileged; RoleManagement.* still allows these.
    ("GET", ["/roleManagement/directory/roleAssignmentSchedules", "/roleManagement/directory/roleAssignmentSchedules/{id}",
             "/roleManagement/directory/roleAssignmentScheduleInstances", "/roleManagement/directory/roleAssignmentScheduleRequests",
             "/roleManagement/directory/roleAssignmentScheduleRequests/{id}"],
     "RoleAssignmentSchedule.Read.Directory RoleManagement.Read.Directory RoleManagement.Read.All RoleAssignmentSchedule.ReadWrite.Directory RoleManagement.ReadWrite.Directory", "",
     "RoleAssignmentSchedule.Read.Directory RoleManagement.Read.Directory RoleManagement.Read.All RoleAssignmentSchedule.ReadWrite.Directory RoleManagement.ReadWrite.Directory"),
    ("GET", ["/roleManagement/directory/roleEligibilitySchedules", "/roleManagement/directory/roleEligibilitySchedules/{id}",
             "/roleManagement/directory/roleEligibilityScheduleInstances", "/roleManagement/directory/roleEligibilityScheduleRequests",
             "/roleManagement/directory/roleEligibilityScheduleRequests/{id}"],
     "RoleEligibilitySchedule.Read.Directory RoleManagement.Read.Directory RoleManagement.Read.All RoleEligibilitySchedule.ReadWrite.Directory RoleManagement.ReadWrite.Directory", "",
     "RoleEligibilitySchedule.Read.Directory RoleManagement.Read.Directory RoleManagement.Read.All RoleEligibilitySchedule.ReadWrite.Directory RoleManagement.ReadWrite.Directory"),
    ("POST", ["/roleManagement/directory/roleAssignmentScheduleRequests"], "RoleAssignmentSchedule.ReadWrite.Directory RoleManagement.ReadWrite.Directory", "",
     "RoleAssignmentSchedule.ReadWrite.Directory RoleManagement.ReadWrite.Directory"),
    ("GET", ["/policies/roleManagementPolicies", "/policies/roleManagementPolicies/{id}", "/policies/roleManagementPolicyAssignments",
             "/policies/roleManagementPolicyAssignments/{id}"],
     "RoleManagementPolicy.Read.Directory RoleManagement.Read.Directory RoleManagementPolicy.ReadWrite.Directory RoleManagement.ReadWrite.Directory", "",
     "RoleManagementPolicy.Read.Directory RoleManagement.Read.Directory RoleManagementPolicy.ReadWrite.Directory RoleManagement.ReadWrite.Directory"),
    # PIM for groups
    ("GET", ["/identityGovernance/privilegedAccess/group/assignmentSchedules", "/identityGovernance/privilegedAccess/group/assignmentScheduleInstances",
             "/identityGovernance/privilegedAccess/group/assignmentScheduleRequests"],
     "PrivilegedAssignmentSchedule.Read.AzureADGroup PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", "",
     "PrivilegedAssignmentSchedule.Read.AzureADGroup PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"),
    ("GET", ["/identityGovernance/privilegedAccess/group/eligibilitySchedules", "/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances",
             "/identityGovernance/privilegedAccess/group/eligibilityScheduleRequests"],
     "PrivilegedEligibilitySchedule.Read.AzureADGroup PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup", "",
     "PrivilegedEligibilitySchedule.Read.AzureADGroup PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup"),
    ("POST", ["/identityGovernance/privilegedAccess/group/assignmentScheduleRequests"], "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", "",
     "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"),
    ("GET", ["/directory/onPremisesSynchronization", "/directory/onPremisesSynchronization/{id}"],
     "OnPremDirectorySynchronization.Read.All OnPremDirectorySynchronization.ReadWrite.All", "",
     "OnPremDirectorySynchronization.Read.All OnPremDirectorySynchronization.ReadWrite.All"),
    ("POST", ["/roleManagement/directory/roleEligibilityScheduleRequests"], "RoleEligibilitySchedule.ReadWrite.Directory RoleManagement.ReadWrite.Directory", "",
     "RoleEligibilitySchedule.ReadWrite.Directory RoleManagement.ReadWrite.Directory"),
    ("GET", ["/organization", "/organization/{id}"], "User.Read Organization.Read.All Directory.Read.All Organization.ReadWrite.All Directory.ReadWrite.All", "", "Organization.Read.All Directory.Read.All Organization.ReadWrite.All Directory.ReadWrite.All"),
    ("PATCH", ["/organization/{id}"], "Organization.ReadWrite.All", "", "Organization.ReadWrite.All"),
    ("GET", ["/subscribedSkus", "/subscribedSkus/{id}"], "LicenseAssignment.Read.All Organization.Read.All Directory.Read.All", "", "LicenseAssignment.Read.All Organization.Read.All Directory.Read.All"),
    ("GET", ["/domains", "/domains/{id}"], "Domain.Read.All Directory.Read.All Domain.ReadWrite.All", "", "Domain.Read.All Directory.Read.All Domain.ReadWrite.All"),
    ("GET", ["/devices", "/devices/{id}"], "Device.Read.All Directory.Read.All Directory.ReadWrite.All", "", "Device.Read.All Directory.Read.All Device.ReadWrite.All Directory.ReadWrite.All"),
    ("PATCH", ["/devices/{id}"], "Directory.AccessAsUser.All", "", "Device.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/directoryObjects/{id}"], "Directory.Read.All Directory.ReadWrite.All", "", "Directory.Read.All Directory.ReadWrite.All"),
    ("POST", ["/directoryObjects/getByIds", "/directoryObjects/getMemberObjects"], "Directory.Read.All", "", "Directory.Read.All"),
    # Type casts are dropped before matching, so /deletedItems/microsoft.graph.user and .group are this one template.
    ("GET", ["/directory/deletedItems", "/directory/deletedItems/{id}"], "User.Read.All Group.Read.All Directory.Read.All", "", "User.Read.All Group.Read.All Directory.Read.All"),
    ("POST", ["/directory/deletedItems/{id}/restore"], "User.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All", "", "User.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/directory/administrativeUnits", "/directory/administrativeUnits/{id}", "/directory/administrativeUnits/{id}/members"], "AdministrativeUnit.Read.All Directory.Read.All AdministrativeUnit.ReadWrite.All", "",
     "AdministrativeUnit.Read.All Directory.Read.All AdministrativeUnit.ReadWrite.All"),
    ("GET", ["/invitations"], "", "", ""),
    ("POST", ["/invitations"], "User.Invite.All User.ReadWrite.All Directory.ReadWrite.All", "", "User.Invite.All User.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/contracts"], "Directory.Read.All", "", "Directory.Read.All"),
    ("DELETE", ["/devices/{id}"], "Device.ReadWrite.All Directory.AccessAsUser.All", "", "Device.ReadWrite.All"),
    ("GET", ["/devices/{id}/registeredOwners", "/devices/{id}/registeredUsers"], "Device.Read.All Directory.Read.All", "", "Device.Read.All Directory.Read.All"),
    ("GET", ["/domains/{id}/verificationDnsRecords", "/domains/{id}/serviceConfigurationRecords"], "Domain.Read.All Directory.Read.All Domain.ReadWrite.All", "", "Domain.Read.All Directory.Read.All Domain.ReadWrite.All"),
    ("POST", ["/domains", "/domains/{id}/verify"], "Domain.ReadWrite.All", "", "Domain.ReadWrite.All"),
    ("GET", ["/directory/customSecurityAttributeDefinitions", "/directory/attributeSets"], "CustomSecAttributeDefinition.Read.All CustomSecAttributeDefinition.ReadWrite.All", "", "CustomSecAttributeDefinition.Read.All CustomSecAttributeDefinition.ReadWrite.All"),
    ("GET", ["/informationProtection/bitlocker/recoveryKeys", "/informationProtection/bitlocker/recoveryKeys/{id}"], "BitlockerKey.ReadBasic.All BitlockerKey.Read.All", "", "BitlockerKey.ReadBasic.All BitlockerKey.Read.All"),
    ("GET", ["/tenantRelationships/delegatedAdminRelationships", "/tenantRelationships/delegatedAdminCustomers"], "DelegatedAdminRelationship.Read.All DelegatedAdminRelationship.ReadWrite.All", "", "DelegatedAdminRelationship.Read.All DelegatedAdminRelationship.ReadWrite.All"),
    ("GET", ["/admin/sharepoint/settings"], "SharePointTenantSettings.Read.All SharePointTenantSettings.ReadWrite.All", "",
     "SharePointTenantSettings.Read.All SharePointTenantSettings.ReadWrite.All"),
    ("GET", ["/admin/people", "/admin/people/pronouns"], "PeopleSettings.Read.All PeopleSettings.ReadWrite.All", "", "PeopleSettings.Read.All PeopleSettings.ReadWrite.All"),
    ("PATCH", ["/policies/authorizationPolicy"], "Policy.ReadWrite.Authorization", "", "Policy.ReadWrite.Authorization"),
    ("GET", ["/policies/crossTenantAccessPolicy", "/policies/crossTenantAccessPolicy/default", "/policies/crossTenantAccessPolicy/partners"],
     "Policy.Read.All Policy.ReadWrite.CrossTenantAccess", "", "Policy.Read.All Policy.ReadWrite.CrossTenantAccess"),
    ("GET", ["/policies/permissionGrantPolicies", "/policies/permissionGrantPolicies/{id}"], "Policy.Read.PermissionGrant Policy.ReadWrite.PermissionGrant", "",
     "Policy.Read.PermissionGrant Policy.ReadWrite.PermissionGrant"),
    ("GET", ["/identity/b2xUserFlows", "/identity/b2cUserFlows"], "IdentityUserFlow.Read.All IdentityUserFlow.ReadWrite.All", "", "IdentityUserFlow.Read.All IdentityUserFlow.ReadWrite.All"),
    ("GET", ["/identity/identityProviders", "/identity/identityProviders/{id}"], "IdentityProvider.Read.All IdentityProvider.ReadWrite.All", "",
     "IdentityProvider.Read.All IdentityProvider.ReadWrite.All"),
    # terms of use: delegated only, and the user needs a role (Security Reader at least)
    ("GET", ["/identityGovernance/termsOfUse/agreements", "/identityGovernance/termsOfUse/agreements/{id}", "/agreements", "/agreements/{id}"],
     "Agreement.Read.All Agreement.ReadWrite.All", "", ""),
    # ---- Windows 365 (the Intune areas are in INTUNE above)
    ("GET", ["/deviceManagement/virtualEndpoint/cloudPCs", "/deviceManagement/virtualEndpoint/cloudPCs/{id}"], "CloudPC.Read.All CloudPC.ReadWrite.All", "",
     "CloudPC.Read.All CloudPC.ReadWrite.All"),
    ("GET", ["/identity/authenticationEventsFlows", "/identity/authenticationEventsFlows/{id}"], "EventListener.Read.All EventListener.ReadWrite.All", "",
     "EventListener.Read.All EventListener.ReadWrite.All"),
    ("DELETE", ["/directory/deletedItems/{id}"], "User.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All", "", "User.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("GET", ["/servicePrincipals/{id}/claimsMappingPolicies", "/policies/claimsMappingPolicies"], "Policy.Read.All Policy.ReadWrite.ApplicationConfiguration", "",
     "Policy.Read.All Policy.ReadWrite.ApplicationConfiguration"),
    ("GET", ["/users/{id}/sponsors"], "User.Read.All Directory.Read.All", "", "User.Read.All Directory.Read.All"),
    # ---- audit logs, sign-ins, reports
    ("GET", ["/auditLogs/signIns", "/auditLogs/signIns/{id}"], "AuditLog.Read.All", "", "AuditLog.Read.All"),
    ("GET", ["/auditLogs/directoryAudits", "/auditLogs/directoryAudits/{id}", "/auditLogs/provisioning"], "AuditLog.Read.All", "", "AuditLog.Read.All"),
    ("GET", ["/reports/authenticationMethods/userRegistrationDetails", "/reports/authenticationMethods/usersRegisteredByMethod"], "AuditLog.Read.All", "", "AuditLog.Read.All"),
    ("GET", ["/reports/getOffice365ActiveUserDetail", "/reports/getEmailActivityUserDetail", "/reports/getTeamsUserActivityUserDetail", "/reports/getSharePointSiteUsageDetail",
             "/reports/getOneDriveUsageAccountDetail", "/reports/getMailboxUsageDetail", "/reports/getOffice365ActivationsUserDetail", "/reports/getTeamsDeviceUsageUserDetail",
             "/reports/getM365AppUserDetail", "/reports/getEmailAppUsageUserDetail"], "Reports.Read.All", "", "Reports.Read.All"),
    ("GET", ["/reports/" + f for f in USAGE_REPORT_COUNTS], "Reports.Read.All", "", "Reports.Read.All"),
    ("GET", ["/reports/credentialUserRegistrationDetails", "/reports/userCredentialUsageDetails", "/reports/getCredentialUsageSummary",
             "/reports/getCredentialUserRegistrationCount"], "Reports.Read.All", "", "Reports.Read.All"),
    # ---- identity protection and security
    ("GET", ["/identityProtection/riskyUsers", "/identityProtection/riskyUsers/{id}", "/identityProtection/riskyUsers/{id}/history"], "IdentityRiskyUser.Read.All IdentityRiskyUser.ReadWrite.All", "", "IdentityRiskyUser.Read.All IdentityRiskyUser.ReadWrite.All"),
    ("POST", ["/identityProtection/riskyUsers/dismiss", "/identityProtection/riskyUsers/confirmCompromised"], "IdentityRiskyUser.ReadWrite.All", "", "IdentityRiskyUser.ReadWrite.All"),
    ("GET", ["/identityProtection/riskDetections", "/identityProtection/riskDetections/{id}"], "IdentityRiskEvent.Read.All", "", "IdentityRiskEvent.Read.All"),
    ("GET", ["/identityProtection/riskyServicePrincipals", "/identityProtection/servicePrincipalRiskDetections"], "IdentityRiskyServicePrincipal.Read.All", "", "IdentityRiskyServicePrincipal.Read.All"),
    ("GET", ["/security/alerts_v2", "/security/alerts_v2/{id}"], "SecurityAlert.Read.All SecurityAlert.ReadWrite.All", "", "SecurityAlert.Read.All SecurityAlert.ReadWrite.All"),
    ("PATCH", ["/security/alerts_v2/{id}"], "SecurityAlert.ReadWrite.All", "", "SecurityAlert.ReadWrite.All"),
    ("GET", ["/security/incidents", "/security/incidents/{id}"], "SecurityIncident.Read.All SecurityIncident.ReadWrite.All", "", "SecurityIncident.Read.All SecurityIncident.ReadWrite.All"),
    ("GET", ["/security/alerts", "/security/alerts/{id}"], "SecurityEvents.Read.All SecurityEvents.ReadWrite.All", "", "SecurityEvents.Read.All SecurityEvents.ReadWrite.All"),
    ("POST", ["/security/runHuntingQuery"], "ThreatHunting.Read.All", "", "ThreatHunting.Read.All"),
    ("GET", ["/security/secureScores", "/security/secureScoreControlProfiles"], "SecurityEvents.Read.All SecurityEvents.ReadWrite.All", "", "SecurityEvents.Read.All SecurityEvents.ReadWrite.All"),
    ("GET", ["/security/attackSimulation/simulations"], "AttackSimulation.Read.All AttackSimulation.ReadWrite.All", "", "AttackSimulation.Read.All AttackSimulation.ReadWrite.All"),
    ("GET", ["/security/cases/ediscoveryCases", "/security/cases/ediscoveryCases/{id}"], "eDiscovery.Read.All eDiscovery.ReadWrite.All", "", "eDiscovery.Read.All eDiscovery.ReadWrite.All"),
    ("GET", ["/informationProtection/policy/labels"], "InformationProtectionPolicy.Read", "", "InformationProtectionPolicy.Read.All"),
    ("GET", ["/security/threatIntelligence/hosts/{id}", "/security/threatIntelligence/articles", "/security/threatIntelligence/intelProfiles"],
     "ThreatIntelligence.Read.All", "", "ThreatIntelligence.Read.All"),
    ("GET", ["/privacy/subjectRightsRequests", "/security/subjectRightsRequests"], "SubjectRightsRequest.Read.All SubjectRightsRequest.ReadWrite.All", "", ""),
    # ---- Planner, To Do, OneNote
    ("GET", ["/planner/plans/{id}", "/planner/plans/{id}/tasks", "/planner/plans/{id}/buckets", "/planner/tasks/{id}", "/planner/buckets/{id}/tasks", "/planner/plans/{id}/details", "/planner/tasks/{id}/details"],
     "Tasks.Read Group.Read.All Tasks.ReadWrite Group.ReadWrite.All", "", "Tasks.Read.All Tasks.ReadWrite.All"),
    ("GET", both("/planner/tasks") + both("/planner/plans"), "Tasks.Read Tasks.ReadWrite", "", "Tasks.Read.All Tasks.ReadWrite.All"),
    ("POST", ["/planner/tasks", "/planner/plans", "/planner/buckets"], "Tasks.ReadWrite Group.ReadWrite.All", "", "Tasks.ReadWrite.All"),
    ("PATCH", ["/planner/tasks/{id}", "/planner/plans/{id}", "/planner/tasks/{id}/details", "/planner/buckets/{id}"], "Tasks.ReadWrite Group.ReadWrite.All", "", "Tasks.ReadWrite.All"),
    ("DELETE", ["/planner/tasks/{id}", "/planner/buckets/{id}"], "Tasks.ReadWrite Group.ReadWrite.All", "", "Tasks.ReadWrite.All"),
    ("GET", both("/todo/lists") + both("/todo/lists/{id}") + both("/todo/lists/{id}/tasks") + both("/todo/lists/{id}/tasks/{id}") + both("/todo/lists/delta") + both("/todo/lists/{id}/tasks/delta"),
     "Tasks.Read Tasks.ReadWrite", "Tasks.Read Tasks.ReadWrite", "Tasks.Read.All Tasks.ReadWrite.All"),
    ("POST", both("/todo/lists") + both("/todo/lists/{id}/tasks"), "Tasks.ReadWrite", "Tasks.ReadWrite", "Tasks.ReadWrite.All"),
    ("GET", both("/todo/lists/{id}/tasks/{id}/attachments") + both("/todo/lists/{id}/tasks/{id}/checklistItems") + both("/todo/lists/{id}/tasks/{id}/linkedResources"),
     "Tasks.Read Tasks.ReadWrite", "Tasks.Read Tasks.ReadWrite", "Tasks.Read.All Tasks.ReadWrite.All"),
    ("PATCH", both("/todo/lists/{id}/tasks/{id}") + both("/todo/lists/{id}"), "Tasks.ReadWrite", "Tasks.ReadWrite", "Tasks.ReadWrite.All"),
    ("DELETE", both("/todo/lists/{id}/tasks/{id}"), "Tasks.ReadWrite", "Tasks.ReadWrite", "Tasks.ReadWrite.All"),
    # OneNote no longer accepts app-only tokens (its overview page: delegated authentication only).
    ("GET", both("/onenote/notebooks") + both("/onenote/sections") + both("/onenote/pages") + both("/onenote/pages/{id}/content")
     + both("/onenote/notebooks/{id}") + both("/onenote/notebooks/{id}/sections") + both("/onenote/sections/{id}/pages") + both("/onenote/sectionGroups"),
     "Notes.Read Notes.ReadWrite Notes.Read.All Notes.ReadWrite.All", "Notes.Read Notes.ReadWrite", ""),
    ("POST", both("/onenote/notebooks") + both("/onenote/sections/{id}/pages") + both("/onenote/pages"), "Notes.Create Notes.ReadWrite Notes.ReadWrite.All", "Notes.Create Notes.ReadWrite", ""),
    # ---- subscriptions, batch, search, misc
    ("GET", ["/subscriptions", "/subscriptions/{id}"], "", "", ""),
    ("POST", ["/subscriptions"], "", "", ""),
    ("POST", ["/search/query"], "Mail.Read Calendars.Read Files.Read.All Sites.Read.All ExternalItem.Read.All", "", "Files.Read.All Sites.Read.All ExternalItem.Read.All"),
    ("GET", ["/education/me/assignments", "/education/users/{id}/assignments"], "EduAssignments.ReadBasic EduAssignments.Read EduAssignments.ReadWriteBasic EduAssignments.ReadWrite", "",
     "EduAssignments.ReadBasic.All EduAssignments.Read.All EduAssignments.ReadWriteBasic.All EduAssignments.ReadWrite.All"),
    ("GET", ["/education/classes", "/education/me/classes", "/education/users", "/education/users/{id}/classes", "/education/me/schools"], "EduRoster.ReadBasic EduRoster.Read EduRoster.ReadWrite", "", "EduRoster.ReadBasic.All EduRoster.Read.All EduRoster.ReadWrite.All"),
    ("GET", ["/admin/serviceAnnouncement/healthOverviews", "/admin/serviceAnnouncement/issues", "/admin/serviceAnnouncement/messages"], "ServiceHealth.Read.All ServiceMessage.Read.All", "", "ServiceHealth.Read.All ServiceMessage.Read.All"),
    ("GET", ["/identityGovernance/accessReviews/definitions", "/identityGovernance/accessReviews/definitions/{id}"], "AccessReview.Read.All AccessReview.ReadWrite.All", "", "AccessReview.Read.All AccessReview.ReadWrite.All"),
    ("GET", ["/identityGovernance/entitlementManagement/accessPackages", "/identityGovernance/entitlementManagement/assignments"], "EntitlementManagement.Read.All EntitlementManagement.ReadWrite.All", "",
     "EntitlementManagement.Read.All EntitlementManagement.ReadWrite.All"),
    ("GET", ["/identityGovernance/lifecycleWorkflows/workflows"], "LifecycleWorkflows.Read.All LifecycleWorkflows.ReadWrite.All", "", "LifecycleWorkflows.Read.All LifecycleWorkflows.ReadWrite.All"),
    ("GET", ["/external/connections", "/external/connections/{id}"], "ExternalConnection.Read.All ExternalConnection.ReadWrite.All", "", "ExternalConnection.Read.All ExternalConnection.ReadWrite.OwnedBy ExternalConnection.ReadWrite.All"),
    ("PUT", ["/external/connections/{id}/items/{id}"], "", "", "ExternalItem.ReadWrite.OwnedBy ExternalItem.ReadWrite.All"),
    ("GET", ["/copilot/users/{id}/interactionHistory/getAllEnterpriseInteractions"], "", "", "AiEnterpriseInteraction.Read.All"),
    ("GET", ["/storage/fileStorage/containers"], "FileStorageContainer.Selected", "", "FileStorageContainer.Selected"),
    ("GET", ["/print/shares", "/print/shares/{id}"], "PrinterShare.ReadBasic.All PrinterShare.Read.All PrinterShare.ReadWrite.All", "", ""),
    ("GET", ["/places/{id}", "/places/{id}/microsoft.graph.roomlist/rooms"], "Place.Read.All", "", "Place.Read.All"),
    ("GET", ["/external/connections/{id}/schema"], "ExternalConnection.Read.All ExternalConnection.ReadWrite.All", "",
     "ExternalConnection.ReadWrite.OwnedBy ExternalConnection.Read.All ExternalConnection.ReadWrite.All"),
    ("GET", ["/employeeExperience/communities", "/employeeExperience/communities/{id}"], "Community.Read.All Community.ReadWrite.All", "", "Community.Read.All Community.ReadWrite.All"),
    ("GET", ["/print/printers"], "Printer.Read.All Printer.ReadWrite.All Printer.FullControl.All", "", ""),
    ("GET", ["/solutions/bookingBusinesses", "/solutions/bookingBusinesses/{id}", "/solutions/bookingBusinesses/{id}/appointments", "/solutions/bookingBusinesses/{id}/calendarView",
             "/solutions/bookingBusinesses/{id}/services", "/solutions/bookingBusinesses/{id}/staffMembers", "/solutions/bookingBusinesses/{id}/customers"], "Bookings.Read.All BookingsAppointment.ReadWrite.All Bookings.ReadWrite.All Bookings.Manage.All", "", "Bookings.Read.All BookingsAppointment.ReadWrite.All Bookings.ReadWrite.All"),
    ("GET", ["/users/{id}/employeeExperience/learningCourseActivities"], "LearningAssignedCourse.Read LearningSelfInitiatedCourse.Read", "", "LearningAssignedCourse.Read.All LearningSelfInitiatedCourse.Read.All"),
]

# Writes to resources whose reads are listed above (the reference page of each update and delete).
U_ = "/users/{id}"
MW = "Mail.ReadWrite"
CW = "Calendars.ReadWrite"
WRITES = [
    ("PATCH DELETE", [U_ + "/mailFolders/{id}", U_ + "/mailFolders/{id}/messages/{id}"], MW, MW, MW),
    ("DELETE", both("/messages/{id}/attachments/{id}"), MW, MW, MW),
    ("PATCH DELETE", [U_ + "/calendar/events/{id}", U_ + "/calendars/{id}/events/{id}", "/me/calendar/events/{id}", "/me/calendars/{id}/events/{id}"], CW, CW, CW),
    ("PATCH DELETE", both("/onlineMeetings/{id}"), "OnlineMeetings.ReadWrite", "", "OnlineMeetings.ReadWrite.All"),
    ("DELETE", both("/todo/lists/{id}"), "Tasks.ReadWrite", "Tasks.ReadWrite", "Tasks.ReadWrite.All"),
    ("DELETE", ["/planner/plans/{id}"], "Tasks.ReadWrite Group.ReadWrite.All", "", "Tasks.ReadWrite.All"),
    ("PATCH DELETE", ["/directory/administrativeUnits/{id}"], "AdministrativeUnit.ReadWrite.All Directory.ReadWrite.All", "", "AdministrativeUnit.ReadWrite.All Directory.ReadWrite.All"),
    ("PATCH DELETE", ["/domains/{id}"], "Domain.ReadWrite.All", "", "Domain.ReadWrite.All"),
    ("PATCH DELETE", ["/identity/conditionalAccess/policies/{id}"], "Policy.Read.All+Policy.ReadWrite.ConditionalAccess", "", "Policy.Read.All+Policy.ReadWrite.ConditionalAccess"),
    ("PATCH DELETE", ["/oauth2PermissionGrants/{id}"], "DelegatedPermissionGrant.ReadWrite.All Directory.ReadWrite.All", "",
     "DelegatedPermissionGrant.ReadWrite.All Directory.ReadWrite.All"),
    ("DELETE", ["/servicePrincipals/{id}"], "Application.ReadWrite.All Directory.ReadWrite.All", "", "Application.ReadWrite.OwnedBy Application.ReadWrite.All Directory.ReadWrite.All"),
    ("DELETE", ["/teams/{id}"], "Group.ReadWrite.All Directory.ReadWrite.All", "", "Group.ReadWrite.All Directory.ReadWrite.All"),
    ("PATCH", ["/teams/{id}/channels/{id}"], "ChannelSettings.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All", "", "ChannelSettings.ReadWrite.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("DELETE", ["/teams/{id}/channels/{id}"], "Channel.Delete.All Group.ReadWrite.All Directory.ReadWrite.All", "", "Channel.Delete.All Group.ReadWrite.All Directory.ReadWrite.All"),
    ("PATCH DELETE", ["/sites/{id}/lists/{id}"], "Sites.Manage.All Sites.FullControl.All", "", "Sites.Selected Sites.Manage.All Sites.FullControl.All"),
    ("PATCH DELETE", ["/sites/{id}/drive/items/{id}", "/groups/{id}/drive/items/{id}"], "Files.ReadWrite.All Sites.ReadWrite.All", "",
     "Sites.Selected Files.ReadWrite.All Sites.ReadWrite.All"),
    ("PATCH", ["/sites/{id}/pages/{id}"], "Sites.ReadWrite.All", "", "Sites.ReadWrite.All"),
    ("PATCH DELETE", ["/roleManagement/directory/roleDefinitions/{id}"], "RoleManagement.ReadWrite.Directory", "", "RoleManagement.ReadWrite.Directory"),
    ("DELETE", ["/roleManagement/directory/roleAssignments/{id}"], "RoleManagement.ReadWrite.Directory", "", "RoleManagement.ReadWrite.Directory"),
    ("PATCH", ["/security/incidents/{id}"], "SecurityIncident.ReadWrite.All", "", "SecurityIncident.ReadWrite.All"),
    ("PATCH DELETE", ["/identityGovernance/accessReviews/definitions/{id}"], "AccessReview.ReadWrite.All", "", "AccessReview.ReadWrite.All"),
    ("PATCH DELETE", ["/external/connections/{id}"], "ExternalConnection.ReadWrite.OwnedBy ExternalConnection.ReadWrite.All", "",
     "ExternalConnection.ReadWrite.OwnedBy ExternalConnection.ReadWrite.All"),
]
# Creations in collections whose reads are listed above.
CREATES = [
    ("POST", ["/chats/{id}/members"], "ChatMember.ReadWrite", "", "ChatMember.ReadWrite.All"),
    ("POST", ["/directory/administrativeUnits", "/directory/administrativeUnits/{id}/members/$ref"], "AdministrativeUnit.ReadWrite.All Directory.ReadWrite.All", "",
     "AdministrativeUnit.ReadWrite.All Directory.ReadWrite.All"),
    ("POST", ["/external/connections"], "ExternalConnection.ReadWrite.OwnedBy ExternalConnection.ReadWrite.All", "",
     "ExternalConnection.ReadWrite.OwnedBy ExternalConnection.ReadWrite.All"),
    ("POST", ["/groups/{id}/events", "/groups/{id}/calendar/events"], "Group.ReadWrite.All", "", ""),
    ("POST", ["/identity/conditionalAccess/namedLocations"], "Policy.ReadWrite.ConditionalAccess", "", "Policy.ReadWrite.ConditionalAccess"),
    ("POST", ["/identity/identityProviders"], "IdentityProvider.ReadWrite.All", "", "IdentityProvider.ReadWrite.All"),
    ("POST", ["/identityGovernance/accessReviews/definitions"], "AccessReview.ReadWrite.All", "", "AccessReview.ReadWrite.All"),
    ("POST", ["/identityGovernance/lifecycleWorkflows/workflows"], "LifecycleWorkflows.ReadWrite.All", "", "LifecycleWorkflows.ReadWrite.All"),
    ("POST", ["/policies/tokenLifetimePolicies", "/policies/claimsMappingPolicies"], "Policy.ReadWrite.ApplicationConfiguration", "",
     "Policy.ReadWrite.ApplicationConfiguration"),
    ("POST", ["/groupSettings"], "Directory.ReadWrite.All", "", "Directory.ReadWrite.All"),
    ("POST", ["/roleManagement/directory/roleDefinitions"], "RoleManagement.ReadWrite.Directory", "", "RoleManagement.ReadWrite.Directory"),
    ("POST", ["/sites/{id}/columns", "/sites/{id}/contentTypes", "/sites/{id}/lists/{id}/columns"], "Sites.Manage.All Sites.FullControl.All", "",
     "Sites.Selected Sites.Manage.All Sites.FullControl.All"),
    ("POST", ["/sites/{id}/pages"], "Sites.ReadWrite.All", "", "Sites.ReadWrite.All"),
    ("POST", ["/solutions/bookingBusinesses/{id}/appointments", "/solutions/bookingBusinesses/{id}/customers"],
     "BookingsAppointment.ReadWrite.All Bookings.ReadWrite.All Bookings.Manage.All", "", "BookingsAppointment.ReadWrite.All Bookings.ReadWrite.All Bookings.Manage.All"),
    ("POST", ["/solutions/virtualEvents/webinars", "/solutions/virtualEvents/townhalls"], "VirtualEvent.ReadWrite", "", ""),
    ("POST", ["/storage/fileStorage/containers"], "FileStorageContainer.Selected", "", "FileStorageContainer.Selected"),
    # SharePoint Embedded: the Graph permission is only the first gate; the container type's registration in
    # the tenant grants each app its own rights on the containers (reference pages of fileStorageContainer).
    ("GET POST PUT PATCH DELETE", [SPE_CONTAINER + s for s in SPE_CONTAINER_PARTS], "FileStorageContainer.Selected", "", "FileStorageContainer.Selected"),
    ("GET DELETE", ["/storage/fileStorage/deletedContainers", "/storage/fileStorage/deletedContainers/{id}"], "FileStorageContainer.Selected", "", "FileStorageContainer.Selected"),
    ("GET PUT PATCH DELETE", SPE_REGISTRATIONS, "FileStorageContainerTypeReg.Selected FileStorageContainerTypeReg.Manage.All", "", "FileStorageContainerTypeReg.Selected"),
    # Container types are managed only by a signed-in SharePoint Embedded or Global Administrator.
    ("GET POST PATCH DELETE", SPE_TYPES, "FileStorageContainerType.Manage.All", "", ""),
    ("POST", ["/tenantRelationships/delegatedAdminRelationships"], "DelegatedAdminRelationship.ReadWrite.All", "", "DelegatedAdminRelationship.ReadWrite.All"),
    ("POST", ["/teams/{id}/installedApps"], teams_apps("Team", INSTALL_APPS) + " Group.ReadWrite.All Directory.ReadWrite.All", "",
     teams_apps("Team", INSTALL_APPS, ".All") + " Group.ReadWrite.All Directory.ReadWrite.All"),
    ("POST", ["/users/{id}/teamwork/installedApps"], teams_apps("User", INSTALL_APPS + ["ReadWriteSelected"]), "", teams_apps("User", INSTALL_APPS + ["ReadWriteSelected"], ".All")),
    ("POST", ["/chats/{id}/installedApps"], teams_apps("Chat", INSTALL_APPS), "", teams_apps("Chat", INSTALL_APPS, ".All")),
    ("POST", ["/teams/{id}/schedule/shifts"], "Schedule.ReadWrite.All", "", "Schedule.ReadWrite.All"),
    ("POST", ["/security/cases/ediscoveryCases"], "eDiscovery.ReadWrite.All", "", "eDiscovery.ReadWrite.All"),
    ("POST", ["/security/attackSimulation/simulations"], "AttackSimulation.ReadWrite.All", "", "AttackSimulation.ReadWrite.All"),
    ("POST", both("/authentication/emailMethods"), "UserAuthenticationMethod.ReadWrite UserAuthenticationMethod.ReadWrite.All", "", "UserAuthenticationMethod.ReadWrite.All"),
    ("POST", both("/mailFolders/{id}/messageRules") + both("/mailFolders/inbox/messageRules") + both("/outlook/masterCategories"),
     "MailboxSettings.ReadWrite", "MailboxSettings.ReadWrite", "MailboxSettings.ReadWrite"),
    ("POST", both("/calendarGroups") + both("/events/{id}/attachments"), "Calendars.ReadWrite", "Calendars.ReadWrite", "Calendars.ReadWrite"),
    ("POST", both("/todo/lists/{id}/tasks/{id}/attachments") + both("/todo/lists/{id}/tasks/{id}/checklistItems") + both("/todo/lists/{id}/tasks/{id}/linkedResources"),
     "Tasks.ReadWrite", "Tasks.ReadWrite", "Tasks.ReadWrite.All"),
]
ROWS += WRITES + CREATES + INTUNE

# Microsoft's own apps developers call Graph with: their registrations are not the developer's to edit.
CONNECT_MG = "Connect-MgGraph -Scopes and the permission named above"
FIXED = "its Graph token carries a fixed set of permissions, so use your own app registration, or Graph PowerShell's " + CONNECT_MG
FIRST_PARTY_CLIENTS = [
    ("14d82eec-204b-4c2f-b7e8-296a70dab67e", "Microsoft Graph PowerShell",
     "reconnect with " + CONNECT_MG + " (an administrator consents once where admin consent is needed)"),
    ("de8bc8b5-d9f9-48b1-a8ad-b748da725064", "Graph Explorer", "open Modify permissions for the query, consent to the permission and run it again"),
    ("04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Azure CLI", FIXED),
    ("1950a258-227b-4e31-a9cf-717495945fc2", "Azure PowerShell", FIXED),
    ("872cd9fa-d31f-45e0-9eab-6e460a02d1f1", "Visual Studio",
     "a token from VisualStudioCredential (DefaultAzureCredential on a developer machine) carries a fixed set of Graph permissions, so give "
     "DefaultAzureCredential your own app's credentials (AZURE_CLIENT_ID and a secret or certificate) or sign in with your own app registration"),
    ("aebc6443-996d-45c2-90f0-388ff96faa56", "Visual Studio Code",
     "a token from VS Code's sign-in (VisualStudioCodeCredential, DefaultAzureCredential on a developer machine) carries a fixed set of Graph "
     "permissions, so use your own app registration for Graph calls"),
]

# Delegated permissions that need an administrator's consent (from the permissions reference).
ADMIN_CONSENT = sorted(set("""
FileStorageContainerType.Manage.All FileStorageContainerTypeReg.Selected FileStorageContainerTypeReg.Manage.All
User.Read.All User.ReadWrite.All Directory.Read.All Directory.ReadWrite.All Directory.AccessAsUser.All Group.Read.All Group.ReadWrite.All
GroupMember.Read.All GroupMember.ReadWrite.All Application.Read.All Application.ReadWrite.All AppRoleAssignment.ReadWrite.All
DelegatedPermissionGrant.ReadWrite.All AuditLog.Read.All Reports.Read.All RoleManagement.Read.Directory RoleManagement.Read.All
RoleManagement.ReadWrite.Directory Policy.Read.All Policy.ReadWrite.ConditionalAccess Policy.ReadWrite.AuthenticationMethod Policy.ReadWrite.Authorization
IdentityRiskyUser.Read.All IdentityRiskyUser.ReadWrite.All IdentityRiskEvent.Read.All IdentityRiskyServicePrincipal.Read.All
SecurityAlert.Read.All SecurityAlert.ReadWrite.All SecurityIncident.Read.All SecurityIncident.ReadWrite.All SecurityEvents.Read.All SecurityEvents.ReadWrite.All
ThreatHunting.Read.All UserAuthenticationMethod.Read.All UserAuthenticationMethod.ReadWrite.All ChannelMessage.Read.All TeamMember.Read.All TeamMember.ReadWrite.All
Team.ReadBasic.All TeamSettings.Read.All TeamSettings.ReadWrite.All Channel.ReadBasic.All ChannelSettings.Read.All ChannelSettings.ReadWrite.All
Sites.FullControl.All Sites.Manage.All Domain.Read.All Domain.ReadWrite.All Device.Read.All Organization.Read.All Organization.ReadWrite.All
AdministrativeUnit.Read.All AdministrativeUnit.ReadWrite.All LicenseAssignment.Read.All LicenseAssignment.ReadWrite.All User.Invite.All User.Export.All
User.RevokeSessions.All User.ManageIdentities.All User.EnableDisableAccount.All OnlineMeetingArtifact.Read.All OnlineMeetingTranscript.Read.All
OnlineMeetingRecording.Read.All AccessReview.Read.All AccessReview.ReadWrite.All EntitlementManagement.Read.All EntitlementManagement.ReadWrite.All
LifecycleWorkflows.Read.All LifecycleWorkflows.ReadWrite.All DeviceManagementManagedDevices.Read.All DeviceManagementManagedDevices.ReadWrite.All
DeviceManagementConfiguration.Read.All DeviceManagementConfiguration.ReadWrite.All ServiceHealth.Read.All ServiceMessage.Read.All eDiscovery.Read.All
eDiscovery.ReadWrite.All AttackSimulation.Read.All AttackSimulation.ReadWrite.All ExternalConnection.Read.All ExternalConnection.ReadWrite.All
ExternalItem.Read.All TermStore.Read.All TermStore.ReadWrite.All Schedule.Read.All Schedule.ReadWrite.All GroupSettings.Read.All GroupSettings.ReadWrite.All
AppCatalog.Read.All AppCatalog.ReadWrite.All Presence.Read.All Place.Read.All Agreement.Read.All Agreement.ReadWrite.All
BitlockerKey.ReadBasic.All BitlockerKey.Read.All CustomSecAttributeDefinition.Read.All CustomSecAttributeDefinition.ReadWrite.All
DelegatedAdminRelationship.Read.All DelegatedAdminRelationship.ReadWrite.All IdentityUserFlow.Read.All IdentityUserFlow.ReadWrite.All
IdentityProvider.Read.All IdentityProvider.ReadWrite.All Policy.ReadWrite.CrossTenantAccess Policy.Read.PermissionGrant Policy.ReadWrite.PermissionGrant
Synchronization.Read.All Synchronization.ReadWrite.All ThreatIntelligence.Read.All SubjectRightsRequest.Read.All SubjectRightsRequest.ReadWrite.All
DeviceManagementApps.Read.All DeviceManagementApps.ReadWrite.All DeviceManagementManagedDevices.PrivilegedOperations.All CloudPC.Read.All CloudPC.ReadWrite.All
SharePointTenantSettings.Read.All SharePointTenantSettings.ReadWrite.All PeopleSettings.Read.All PeopleSettings.ReadWrite.All
ProfilePhoto.Read.All User-Mail.ReadWrite.All User-Phone.ReadWrite.All User-PasswordProfile.ReadWrite.All User-LifeCycleInfo.ReadWrite.All
Group-Conversation.Read.All Group-Conversation.ReadWrite.All RoleManagementPolicy.Read.Directory RoleManagementPolicy.ReadWrite.Directory PrivilegedAssignmentSchedule.Read.AzureADGroup
PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup PrivilegedEligibilitySchedule.Read.AzureADGroup PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup
OnPremDirectorySynchronization.Read.All OnPremDirectorySynchronization.ReadWrite.All Channel.Delete.All LifecycleWorkflows.ReadWrite.All TeamsTab.Read.All TeamsTab.ReadWrite.All EventListener.Read.All EventListener.ReadWrite.All DeviceManagementServiceConfig.Read.All
DeviceManagementServiceConfig.ReadWrite.All Policy.ReadWrite.ApplicationConfiguration Community.Read.All Community.ReadWrite.All
""".split()))


def with_access_as_user(delegated):
    """Directory.AccessAsUser.All lets an app do in the directory whatever the signed-in user may:
    the reference pages accept it wherever Directory.Read.All or Directory.ReadWrite.All is."""
    names = delegated.split()
    if ("Directory.Read.All" in names or "Directory.ReadWrite.All" in names) and "Directory.AccessAsUser.All" not in names:
        names.append("Directory.AccessAsUser.All")
    return " ".join(names)


def main():
    endpoints = []
    for methods, paths, delegated, personal, application in ROWS:
        if not (delegated or personal or application):
            continue  # listed for completeness: these need no Graph permission of their own
        delegated = with_access_as_user(delegated)
        entry = {"methods": methods, "paths": paths}
        if delegated:
            entry["delegated"] = delegated
        if personal:
            entry["personal"] = personal
        if application:
            entry["application"] = application
        endpoints.append(entry)
    doc = {
        "$comment": "Which permissions each Graph endpoint accepts, least privileged first per scheme "
                    "(delegated = work/school user, personal = Microsoft account user, application = app-only). "
                    "Paths apply to v1.0 and beta; {id} matches any one segment, {path} drive path addressing. "
                    "Generated by tools/permissions_catalog.py from Microsoft's permissions reference; "
                    "Microsoft's own permissions.json can be added to 'permissions' in config/graphlens.json.",
        "adminConsentDelegated": ADMIN_CONSENT,
        "firstPartyClients": [{"appId": a, "name": n, "morePermissions": m} for a, n, m in FIRST_PARTY_CLIENTS],
        "endpoints": endpoints,
    }
    out = os.path.join(os.path.dirname(__file__), "..", "config", "permissions.json")
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    count = sum(len(e["paths"]) * len(e["methods"].split()) for e in endpoints)
    print(f"{len(endpoints)} rows, {count} method+template entries -> {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
