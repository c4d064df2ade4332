// Tandem on Azure: storage account (Table Storage), Linux App Service plan + web app (Node 22 LTS,
// several instances), Application Insights on a Log Analytics workspace (the service's traces,
// dependency calls, logs and tandem.* metrics), a user-assigned managed identity that is the
// bot's identity, a Key Vault (RBAC) holding the service's two secrets (the Entra client secret,
// the storage connection string) that the web app reads through Key Vault references with that
// identity, and an Azure Bot (UserAssignedMSI) with the Microsoft Teams channel. Deployed by `arm/deploy` in
// ../m365agents.yml (parameters: azure.parameters.json, `${{VAR}}` filled from env/.env.<env>),
// or by hand: az deployment group create -g <rg> -f infra/azure.bicep -p resourceBaseName=... entraClientId=...
//
// The web app runs the package shipped by the `deploy` stage (dist/tandem-service.zip: the service
// bundled to JavaScript, the built web apps and production node_modules, made BEFORE the zip
// deploy: SCM_DO_BUILD_DURING_DEPLOYMENT=false), started with plain `node dist/service.js`, as the
// package's own `npm start`. With AZURE_STORAGE_CONNECTION_STRING set, the service never starts
// Azurite; tables are created at start. With APPLICATIONINSIGHTS_CONNECTION_STRING set, it sends
// its telemetry through OpenTelemetry (the Azure Monitor distro inside the service: no App Service
// agent, which would instrument it twice).
//
// Secrets: no app setting holds a secret. ENTRA_CLIENT_SECRET and AZURE_STORAGE_CONNECTION_STRING
// are `@Microsoft.KeyVault(SecretUri=...)` references (versionless: App Service resolves the
// latest version, re-reading within 24 h or at a restart), resolved with the user-assigned
// identity (keyVaultReferenceIdentity), which holds "Key Vault Secrets User" on the vault only.
// The deploying principal needs Microsoft.Authorization/roleAssignments/write on the resource
// group (Owner, User Access Administrator or Role Based Access Control Administrator), not only
// Contributor, for that role assignment.

@description('Base of every resource name: 3-20 letters, digits or hyphens (the bot name must be globally unique).')
@minLength(3)
@maxLength(20)
param resourceBaseName string

@description('Region of the storage account, plan, web app and identity (the bot is global).')
param location string = resourceGroup().location

@description('App Service plan SKU (Linux). B1 is the smallest with Always On and up to 3 instances; P0v3 or larger for production.')
param webAppSku string = 'B1'

@description('Instances of the web app. The service is stateless: instances share the storage account, escalations fire once.')
@minValue(1)
@maxValue(30)
param webAppInstances int = 2

@description('Azure Bot pricing tier: F0 (free, standard channels such as Teams are free anyway) or S1.')
@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

@description('The bot\'s display name in Azure.')
param botDisplayName string = 'Tandem'

@description('The Entra app registration\'s client id: the audience of the tab\'s and add-in\'s tokens (ENTRA_CLIENT_ID).')
@minLength(36)
param entraClientId string

@description('The Entra app registration\'s client secret, for the service\'s Microsoft Graph calls (ENTRA_CLIENT_SECRET). Empty: no directory look-ups (or configure a certificate, see the README).')
@secure()
param entraClientSecret string = ''

@description('Key Vault purge protection: a deleted vault (and its secrets) cannot be purged before the retention ends. Irreversible once on; false only for throwaway environments.')
param keyVaultPurgeProtection bool = true

// Enabled by default: the web app has no VNet integration and the vault no private endpoint, so
// App Service resolves the Key Vault references over the vault's public endpoint (App Service is
// not a "trusted service" that bypasses the vault firewall). Access is still RBAC-only: just the
// identity may read secrets. Disable it once the web app has VNet integration and the vault a
// private endpoint (or a firewall rule for the app's outbound addresses).
@description('Key Vault public network access: Enabled (the web app reaches the vault over its public endpoint) or Disabled (needs VNet integration + a private endpoint, not in this template).')
@allowed([
  'Enabled'
  'Disabled'
])
param keyVaultPublicNetworkAccess string = 'Enabled'

@description('The tenant whose users may sign in (ENTRA_TENANT_ID); default the deployment\'s tenant.')
param entraTenantId string = subscription().tenantId

@description('A custom host name already bound to the web app (with its certificate), e.g. tandem.contoso.com; empty: <web app>.azurewebsites.net.')
param customDomain string = ''

@description('Days the Log Analytics workspace keeps Application Insights data (30 to 730; the first 31 are included in the ingestion price).')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Load the demo catalogue into an empty tenant: keep 0 in a real tenant.')
@allowed([
  '0'
  '1'
])
param demoData string = '0'

var baseLower = toLower(replace(resourceBaseName, '-', ''))
var storageAccountName = take('${baseLower}${uniqueString(resourceGroup().id)}', 24)
var webAppName = '${resourceBaseName}-app'
// 3-24 letters, digits, hyphens, starting with a letter; globally unique.
var keyVaultName = take('kv${baseLower}${uniqueString(resourceGroup().id)}', 24)
// Built-in role "Key Vault Secrets User": read secret contents.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var publicHost = empty(customDomain) ? '${webAppName}.azurewebsites.net' : customDomain
var publicUrl = 'https://${publicHost}'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The service authenticates with the account key in its connection string (no RBAC data-plane path yet).
    allowSharedKeyAccess: true
    accessTier: 'Hot'
  }
}
// No table resources: the service creates Departments, Requests, ... (with TABLE_PREFIX) at start.
// No container either: request attachments go to the private container <TABLE_PREFIX>-attachments
// (ATTACHMENT_CONTAINER), which the service creates on the first upload; public blob access stays off.

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true // no access policies: Azure RBAC decides who reads secrets
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The API refuses false ("cannot be disabled"): null leaves it off.
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
    publicNetworkAccess: keyVaultPublicNetworkAccess
    networkAcls: {
      defaultAction: keyVaultPublicNetworkAccess == 'Enabled' ? 'Allow' : 'Deny'
      bypass: 'AzureServices'
    }
  }
}

// Written through ARM (control plane) at deployment time: the deployer needs no data-plane role.
// Empty entraClientSecret: no vault secret, and ENTRA_CLIENT_SECRET is empty (Graph look-ups off),
// rather than an unresolvable reference the service would take for a secret.
resource entraClientSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(entraClientSecret)) {
  parent: vault
  name: 'entra-client-secret'
  properties: {
    value: entraClientSecret
    contentType: 'Entra app client secret (ENTRA_CLIENT_SECRET)'
  }
}

// Versionless (no version segment): the app follows the latest version. Built from the vault's URI
// so that the untaken branch of the app setting never references a secret that was not deployed.
var entraClientSecretUri = '${vault.properties.vaultUri}secrets/entra-client-secret'

resource storageConnectionSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'storage-connection-string'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
    contentType: 'Storage connection string (AZURE_STORAGE_CONNECTION_STRING)'
  }
}

// The web app's identity reads secrets of this vault, nothing else.
resource identityReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Workspace-based Application Insights (classic resources are retired): its data lives in this workspace.
resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    IngestionMode: 'LogAnalytics'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    capacity: webAppInstances
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  // The role and the secrets first: App Service resolves the references when the app starts.
  dependsOn: [
    identityReadsSecrets
    entraClientSecretSecret
    storageConnectionSecret
  ]
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false // stateless: any instance serves any call, streams follow the change log
    keyVaultReferenceIdentity: identity.id // resolve @Microsoft.KeyVault(...) settings with the user-assigned identity
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node --enable-source-maps --no-deprecation dist/service.js'
      alwaysOn: true // the escalation scheduler and the outbox run in the process
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/readyz'
      appSettings: [
        // PORT is set by App Service (the service reads it); listen on every interface.
        {
          name: 'HOST'
          value: '0.0.0.0'
        }
        {
          name: 'PUBLIC_URL'
          value: publicUrl
        }
        {
          name: 'AUTH_MODE'
          value: 'entra'
        }
        {
          name: 'ENTRA_CLIENT_ID'
          value: entraClientId
        }
        {
          name: 'ENTRA_TENANT_ID'
          value: entraTenantId
        }
        {
          name: 'ENTRA_CLIENT_SECRET'
          value: empty(entraClientSecret) ? '' : '@Microsoft.KeyVault(SecretUri=${entraClientSecretUri})'
        }
        {
          name: 'AZURE_STORAGE_CONNECTION_STRING'
          value: '@Microsoft.KeyVault(SecretUri=${storageConnectionSecret.properties.secretUri})'
        }
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppId'
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: identity.properties.tenantId
        }
        {
          name: 'DEMO_DATA'
          value: demoData
        }
        // Not a secret: it only lets a sender write telemetry into this resource (Microsoft's guidance).
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        // The deploy stage ships node_modules and the built web apps: no Oryx build on the server.
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: '${publicUrl}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// Output names are what arm/deploy writes into env/.env.<env> (upper-cased as they are).
output PUBLIC_HOST string = publicHost
output PUBLIC_URL string = publicUrl
output WEB_APP_NAME string = webApp.name
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_SERVICE_RESOURCE_ID string = bot.id
output BOT_ID string = identity.properties.clientId
output BOT_IDENTITY_CLIENT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output STORAGE_ACCOUNT_NAME string = storage.name
output KEY_VAULT_NAME string = vault.name
output APPLICATION_INSIGHTS_NAME string = appInsights.name
