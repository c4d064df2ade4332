// Tandem on Azure: storage account (Table Storage), Linux App Service plan + web app (Node 20 LTS,
// several instances), a user-assigned managed identity that is the bot's identity, and an Azure
// Bot (UserAssignedMSI) with the Microsoft Teams channel. Deployed by `arm/deploy` in
// ../m365agents.yml (parameters: azure.parameters.json, `${{VAR}}` filled from env/.env.<env>),
// or by hand: az deployment group create -g <rg> -f infra/azure.bicep -p resourceBaseName=... entraClientId=...
//
// The web app runs the code shipped by the `deploy` stage (dependencies installed and the two
// web apps built BEFORE the zip deploy: SCM_DO_BUILD_DURING_DEPLOYMENT=false), started with
// `node --import tsx bot/index.ts`, i.e. `npm start` without its build step. With
// AZURE_STORAGE_CONNECTION_STRING set, the service never starts Azurite; tables are created at start.

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

@description('The tenant whose users may sign in (ENTRA_TENANT_ID); default the deployment\'s tenant.')
param entraTenantId string = subscription().tenantId

@description('A custom host name already bound to the web app (with its certificate), e.g. tandem.contoso.com; empty: <web app>.azurewebsites.net.')
param customDomain string = ''

@description('Load the demo catalogue into an empty tenant: keep 0 in a real tenant.')
@allowed([
  '0'
  '1'
])
param demoData string = '0'

var baseLower = toLower(replace(resourceBaseName, '-', ''))
var storageAccountName = take('${baseLower}${uniqueString(resourceGroup().id)}', 24)
var webAppName = '${resourceBaseName}-app'
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

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
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
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node --no-deprecation --import tsx bot/index.ts'
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
          value: entraClientSecret
        }
        {
          name: 'AZURE_STORAGE_CONNECTION_STRING'
          value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
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
